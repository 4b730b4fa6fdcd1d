using BulletinBot.Core.Replicas;

namespace BulletinBot.TestPages;

/// <summary>
/// Leases shared by several in-process "replicas", as a database server would share them: each replica gets its own
/// <see cref="IWorkLeases"/> view (<see cref="For"/>), a name is held by at most one replica, and a test can make a
/// replica lose a lease (<see cref="Lose"/>, a cut-off), die (<see cref="Kill"/>), or have another process hold one.
/// </summary>
internal sealed class ReplicaLeases(TimeSpan retryEvery)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Hold> held = new(StringComparer.Ordinal);
    private readonly List<(string Replica, string Name)> taken = [];
    private readonly Dictionary<string, int> refusals = new(StringComparer.Ordinal);

    public ReplicaLeases()
        : this(TimeSpan.FromMilliseconds(50))
    {
    }

    /// <summary>Every take so far, in order: which replica took which lease.</summary>
    public IReadOnlyList<(string Replica, string Name)> Taken
    {
        get
        {
            lock (gate)
            {
                return [.. taken];
            }
        }
    }

    /// <summary>How often <paramref name="replica"/> asked for a lease that another held.</summary>
    public int Refusals(string replica)
    {
        lock (gate)
        {
            return refusals.GetValueOrDefault(replica);
        }
    }

    public IWorkLeases For(string replica) => new View(this, replica);

    /// <summary>The replica holding <paramref name="name"/>, or null.</summary>
    public string? Holder(string name)
    {
        lock (gate)
        {
            return held.TryGetValue(name, out var hold) ? hold.Replica : null;
        }
    }

    /// <summary>The leases <paramref name="replica"/> holds now.</summary>
    public IReadOnlyList<string> HeldBy(string replica)
    {
        lock (gate)
        {
            return [.. held.Values.Where(h => h.Replica == replica).Select(h => h.Name).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The holder of <paramref name="name"/> loses it (its keep-alive failed); another may take it at once.</summary>
    public void Lose(string name)
    {
        Hold? hold;
        lock (gate)
        {
            held.Remove(name, out hold);
        }

        hold?.Lose();
    }

    /// <summary>Every lease of <paramref name="replica"/> is lost, as when its process dies; it may take none again.</summary>
    public void Kill(string replica)
    {
        List<Hold> lost;
        lock (gate)
        {
            Dead.Add(replica);
            lost = [.. held.Values.Where(h => h.Replica == replica)];
            foreach (var hold in lost)
            {
                held.Remove(hold.Name);
            }
        }

        foreach (var hold in lost)
        {
            hold.Lose();
        }
    }

    private HashSet<string> Dead { get; } = new(StringComparer.Ordinal);

    private Hold? TryTake(string replica, string name)
    {
        lock (gate)
        {
            if (Dead.Contains(replica) || held.ContainsKey(name))
            {
                refusals[replica] = refusals.GetValueOrDefault(replica) + 1;
                return null;
            }

            var hold = new Hold(this, replica, name);
            held[name] = hold;
            taken.Add((replica, name));
            return hold;
        }
    }

    private void Release(Hold hold)
    {
        lock (gate)
        {
            if (held.TryGetValue(hold.Name, out var current) && ReferenceEquals(current, hold))
            {
                held.Remove(hold.Name);
            }
        }
    }

    private sealed class View(ReplicaLeases owner, string replica) : IWorkLeases
    {
        public TimeSpan RetryEvery => owner.RetryEvery;

        public Task<ILeaseHold?> TryTakeAsync(string name, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult<ILeaseHold?>(owner.TryTake(replica, name));
        }
    }

    private TimeSpan RetryEvery => retryEvery;

    private sealed class Hold(ReplicaLeases owner, string replica, string name) : ILeaseHold
    {
        private readonly CancellationTokenSource lost = new();

        public string Replica => replica;

        public string Name => name;

        public CancellationToken Lost => lost.Token;

        public void Lose() => lost.Cancel();

        public ValueTask DisposeAsync()
        {
            owner.Release(this);
            lost.Cancel();
            return ValueTask.CompletedTask;
        }
    }
}
