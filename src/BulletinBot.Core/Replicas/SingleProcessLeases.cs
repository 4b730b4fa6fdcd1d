using System.Collections.Concurrent;

namespace BulletinBot.Core.Replicas;

/// <summary>
/// The leases of the embedded store: one process owns the store file (its lock), so that process may take every
/// lease; a name is held by at most one holder inside the process, and only given up by disposing it.
/// </summary>
public sealed class SingleProcessLeases : IWorkLeases
{
    private readonly ConcurrentDictionary<string, Hold> _held = new(StringComparer.Ordinal);

    public TimeSpan RetryEvery => TimeSpan.FromSeconds(1);

    public Task<ILeaseHold?> TryTakeAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        cancellationToken.ThrowIfCancellationRequested();
        var hold = new Hold(name, this);
        return Task.FromResult<ILeaseHold?>(_held.TryAdd(name, hold) ? hold : null);
    }

    private sealed class Hold(string name, SingleProcessLeases owner) : ILeaseHold
    {
        private readonly CancellationTokenSource _lost = new();

        public string Name => name;

        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            if (owner._held.TryRemove(new KeyValuePair<string, Hold>(name, this)))
            {
                await _lost.CancelAsync().ConfigureAwait(false);
                _lost.Dispose();
            }
        }
    }
}
