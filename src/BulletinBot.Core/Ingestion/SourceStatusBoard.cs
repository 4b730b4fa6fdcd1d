using System.Collections.Concurrent;
using BulletinBot.Core.Secrets;

namespace BulletinBot.Core.Ingestion;

/// <summary>How one source fared: its last fetch, its last success, the last error and failures in a row.</summary>
public sealed record SourceStatus(string Name, DateTimeOffset? LastFetch, DateTimeOffset? LastSuccess, string? LastError, int FailuresInARow);

/// <summary>
/// What every source last did, for stats and the log; sources write, stats reads. Any chat user may run stats, so a
/// status carries the address and the error with their credentials masked (user info, query values).
/// </summary>
public sealed class SourceStatusBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SourceStatus> _statuses = new(StringComparer.Ordinal);

    public void Succeeded(string name)
    {
        var now = time.GetUtcNow();
        _statuses[name] = new SourceStatus(SourceAddress.Mask(name), now, now, null, 0);
    }

    public SourceStatus Failed(string name, string error)
    {
        var now = time.GetUtcNow();
        return _statuses.AddOrUpdate(
            name,
            _ => new SourceStatus(SourceAddress.Mask(name), now, null, SourceAddress.MaskWithin(error), 1),
            (_, old) => old with { LastFetch = now, LastError = SourceAddress.MaskWithin(error), FailuresInARow = old.FailuresInARow + 1 });
    }

    public SourceStatus? Get(string name) => _statuses.GetValueOrDefault(name);

    public IReadOnlyList<SourceStatus> All() => _statuses.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
}
