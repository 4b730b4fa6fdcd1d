namespace BulletinBot.Telegram.Tests.Support;

/// <summary>
/// A clock whose delays end at once and are recorded, so a test can assert what the bot waited for
/// (a 429's retry_after, back-off steps) without waiting. Its time moves by each delay asked for.
/// </summary>
internal sealed class InstantTimeProvider : TimeProvider
{
    private readonly List<TimeSpan> waits = [];
    private long ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (waits)
            {
                return [.. waits];
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        lock (waits)
        {
            waits.Add(dueTime);
        }

        Interlocked.Add(ref ticks, dueTime.Ticks);
        return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
