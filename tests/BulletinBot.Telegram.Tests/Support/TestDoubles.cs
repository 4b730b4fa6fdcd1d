using BulletinBot.Telegram.Receiving;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Tests.Support;

internal sealed class MemoryOffsetStore : IUpdateOffsetStore
{
    public int Offset { get; set; }

    public List<int> Saved { get; } = [];

    public int Load() => Offset;

    public void Save(int offset)
    {
        Offset = offset;
        Saved.Add(offset);
    }

    public Dictionary<int, PendingUpdate> Kept { get; } = [];

    public void Accept(IReadOnlyList<PendingUpdate> handedOver, int nextOffset)
    {
        lock (Kept)
        {
            foreach (var update in handedOver)
            {
                Kept[update.Id] = update;
            }

            Save(nextOffset);
        }
    }

    public void Finished(int id)
    {
        lock (Kept)
        {
            Kept.Remove(id);
        }
    }

    public HashSet<int> Claimed { get; } = [];

    public bool Claim(int id)
    {
        lock (Claimed)
        {
            return Claimed.Add(id);
        }
    }

    /// <summary>Whether claiming fails as a store that cannot be reached does.</summary>
    public bool Unreachable { get; set; }

    public bool Claim(PendingUpdate keep)
    {
        if (Unreachable)
        {
            throw new IOException("the store cannot be reached");
        }

        lock (Claimed)
        {
            if (!Claimed.Add(keep.Id))
            {
                return false;
            }

            lock (Kept)
            {
                Kept[keep.Id] = keep;
            }

            return true;
        }
    }

    /// <summary>Ids a test says were kept by a replica that died: the next <see cref="TakeOver"/> returns them.</summary>
    public HashSet<int> Orphaned { get; } = [];

    private bool takenOver;

    /// <summary>The first call takes everything kept (as a process starting alone); later ones only <see cref="Orphaned"/>.</summary>
    public IReadOnlyList<PendingUpdate> TakeOver()
    {
        lock (Kept)
        {
            var first = !takenOver;
            takenOver = true;
            var taken = Kept.Values.Where(u => first || Orphaned.Contains(u.Id)).OrderBy(u => u.Id).ToList();
            Orphaned.Clear();
            return taken;
        }
    }

    public IReadOnlyList<PendingUpdate> Unfinished()
    {
        lock (Kept)
        {
            return [.. Kept.Values.OrderBy(u => u.Id)];
        }
    }
}

/// <summary>Keeps the updates it is handed; can be told to throw on one.</summary>
internal sealed class RecordingSink : IUpdateSink
{
    public List<Update> Handled { get; } = [];

    public Func<Update, bool> ThrowOn { get; set; } = _ => false;

    /// <summary>Until it completes, every update waits at the door, as in a process that stalls (or dies) there.</summary>
    public Task Door { get; set; } = Task.CompletedTask;

    /// <summary>How many updates came to the door.</summary>
    public int AtDoor => Volatile.Read(ref atDoor);

    private int atDoor;

    /// <summary>Every update joins the queue of its chat (or of its sender, for updates without one).</summary>
    public async ValueTask<UpdateAdmission> AdmitAsync(Update update, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref atDoor);
        await Door.WaitAsync(cancellationToken);
        return new UpdateAdmission(update.Message?.Chat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "other");
    }

    public Task RefuseAsync(Update update, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        lock (Handled)
        {
            Handled.Add(update);
        }

        return ThrowOn(update) ? throw new InvalidOperationException("the handler broke") : Task.CompletedTask;
    }
}
