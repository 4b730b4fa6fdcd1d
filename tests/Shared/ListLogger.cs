using Microsoft.Extensions.Logging;

namespace BulletinBot.TestPages;

/// <summary>
/// Keeps what was logged (each message followed by its exception, if any), so a test can assert that a problem
/// was reported and how, and that a secret never was.
/// </summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> entries = [];

    /// <summary>A copy of everything logged so far, safe to read while the code under test still logs.</summary>
    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>Every message, one a line.</summary>
    public string All => string.Join('\n', Entries.Select(e => e.Message));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (entries)
        {
            entries.Add((logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
