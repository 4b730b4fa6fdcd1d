namespace BulletinBot.Core.Replicas;

/// <summary>
/// When a paced act (a Discord Identify, one per bucket per 5 s) last happened, shared by the replicas and kept by the
/// store's clock. A lease dies with the process that holds it, at once on a database server; a mark does not, so a
/// limit such as "one per 5 s" holds even when the replica that acted last was killed right after.
/// </summary>
public interface IPaceMarks
{
    /// <summary>How long until <paramref name="spacing"/> has passed since <paramref name="name"/> was last marked; zero once it has, or if it never was.</summary>
    Task<TimeSpan> WaitBeforeAsync(string name, TimeSpan spacing, CancellationToken cancellationToken);

    /// <summary>Marks <paramref name="name"/> as done now.</summary>
    Task MarkAsync(string name, CancellationToken cancellationToken);
}

/// <summary>The marks of the embedded store: one process owns it, so they live in memory, by <see cref="TimeProvider"/>.</summary>
public sealed class SingleProcessPaceMarks(TimeProvider time) : IPaceMarks
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> marks = new(StringComparer.Ordinal);

    public Task<TimeSpan> WaitBeforeAsync(string name, TimeSpan spacing, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var wait = marks.TryGetValue(name, out var at) ? at + spacing - time.GetUtcNow() : TimeSpan.Zero;
        return Task.FromResult(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    public Task MarkAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        marks[name] = time.GetUtcNow();
        return Task.CompletedTask;
    }
}
