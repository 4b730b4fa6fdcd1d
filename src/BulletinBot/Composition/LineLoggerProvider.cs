using System.Globalization;
using BulletinBot.Core.Secrets;

namespace BulletinBot.Composition;

/// <summary>
/// The one-shot verbs' logger: each entry as one line on a writer (stderr), in the console logger's
/// single-line form ("HH:mm:ss warn: Category[0] message exception"), written at once. The console
/// logger would start a writer thread first, which costs a one-shot more than the few lines it logs.
/// Which entries reach it is still decided by the Logging settings, as in the full host. Every line passes the
/// <see cref="SecretRedactor"/>, the exception's text with it.
/// </summary>
internal sealed class LineLoggerProvider(TextWriter writer, TimeProvider time, SecretRedactor? redactor = null) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(writer, time, categoryName, redactor ?? SecretRedactor.None);

    public void Dispose()
    {
    }

    private sealed class LineLogger(TextWriter writer, TimeProvider time, string category, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"{time.GetLocalNow():HH:mm:ss} {Level(logLevel)}: {category}[{eventId.Id}] {message}{(exception is null ? string.Empty : " " + exception)}");
            line = redactor.Redact(line);
            lock (writer)
            {
                writer.WriteLine(line.ReplaceLineEndings(" "));
                writer.Flush();
            }
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
