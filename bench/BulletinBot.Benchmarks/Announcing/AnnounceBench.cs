using System.Diagnostics;
using System.Globalization;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BulletinBot.Benchmarks.Announcing;

/// <summary>
/// 200 new items for 50 targets, delivered on the real clock to a fake platform that refuses (429)
/// any message over the documented limits; prints the time taken against the least those limits allow.
/// </summary>
internal static class AnnounceBench
{
    public static int Run(string[] args)
    {
        var items = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var targets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var failed = false;
        foreach (var platform in new[] { Platforms.Telegram, Platforms.Discord })
        {
            // A smaller run first, unreported, so the JIT's first and slower code is not what is measured.
            failed |= Measure(platform, 40, 25, report: false).GetAwaiter().GetResult();
            failed |= Measure(platform, items, targets, report: true).GetAwaiter().GetResult();
        }

        return failed ? 1 : 0;
    }

    private static async Task<bool> Measure(string platform, int itemCount, int targetCount, bool report)
    {
        var time = TimeProvider.System;
        using var database = BulletinDatabase.InMemory();
        var store = new BulletinStore(database, time);
        var checkpoints = new CheckpointStore(database);
        var options = Options.Create(new AnnouncementOptions());
        var targets = new TargetStore(database, checkpoints);
        var outbox = new Outbox(database, checkpoints, targets, new ChangeFeed(database, store, checkpoints));
        var feeder = new OutboxFeeder(outbox, targets, options, time, NullLogger<OutboxFeeder>.Instance);
        var channel = new LimitedChannel(platform, time);
        using var limiter = new DeliveryLimiter([channel], time);
        var dispatcher = new AnnouncementDispatcher(outbox, targets, store, [channel], limiter, options, time, NullLogger<AnnouncementDispatcher>.Instance);

        targets.SyncConfigured(
            Enumerable.Range(1, targetCount).Select(i => (new DeliveryTarget(platform, platform == Platforms.Telegram ? $"-100{i}" : $"{1000 + i}"), string.Empty)).ToList(),
            time.GetUtcNow());
        feeder.StartOnce();
        store.UpsertBatch(Enumerable.Range(1, itemCount).Select(i =>
        {
            var title = $"Bulletin number {i}";
            var day = new DateOnly(2020, 1, 1).AddDays(i);
            return new Bulletin(BulletinId.Compute("Bench", title, day), "Bench", title, [$"Body of bulletin {i}."], day);
        }).ToList());

        // The service's own path: feed the outbox, then the dispatcher's loop delivers until the fake has every item.
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var start = time.GetUtcNow();
        feeder.FeedPending();
        var fed = clock.Elapsed;
        using var stop = new CancellationTokenSource();
        var delivering = Task.Run(() => dispatcher.RunAsync(stop.Token));
        await Task.WhenAny(channel.AllArrived(itemCount * targetCount), delivering);
        var elapsed = clock.Elapsed;
        process.Refresh();
        cpu = process.TotalProcessorTime - cpu;
        await stop.CancelAsync();
        try
        {
            await delivering;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }

        var left = outbox.Depth();
        var messages = channel.Accepted;
        var delivered = channel.Items;
        if (report)
        {
            var floor = Floor(platform, messages, targetCount, firstRound: false);
            var exact = Floor(platform, messages, targetCount, firstRound: true);
            Console.WriteLine(
                $"{platform}: {itemCount} items x {targetCount} targets = {delivered} deliveries in {messages} messages (digests of up to {AnnouncementDispatcher.MaxDigestItems}); " +
                $"{elapsed.TotalSeconds:F1} s against {floor.TotalSeconds:F1} s that the limits allow ({Over(elapsed, floor):P1} over), " +
                $"{exact.TotalSeconds:F1} s counting the first round at the overall rate ({Over(elapsed, exact):P1} over); 429s from the fake: {channel.Refusals}; rows left pending: {left}; " +
                $"outbox fed in {fed.TotalSeconds:F2} s, first message at {(channel.First - start).TotalSeconds:F2} s; CPU {cpu.TotalSeconds:F1} s");
        }

        return delivered != itemCount * targetCount || channel.Refusals > 0 || left > 0;
    }

    private static double Over(TimeSpan elapsed, TimeSpan floor) => (elapsed.TotalSeconds / floor.TotalSeconds) - 1;

    /// <summary>
    /// The least time the limits allow for the messages sent: the overall rate, or each chat's spacing
    /// over its own messages. With <paramref name="firstRound"/>, also that the last chat's first message
    /// cannot go before the overall rate let every other chat's first one go, which the chat's own spacing then follows.
    /// </summary>
    internal static TimeSpan Floor(string platform, int messages, int targets, bool firstRound)
    {
        var perTarget = (messages / targets) - 1;
        var start = firstRound ? (targets - 1) / 30.0 : 0;
        return platform == Platforms.Telegram
            ? TimeSpan.FromSeconds(Math.Max((messages - 1) / 30.0, start + (perTarget * 3.0)))
            : TimeSpan.FromSeconds(perTarget * 1.0);
    }

    private sealed class LimitedChannel(string platform, TimeProvider time) : IChatChannel
    {
        private readonly Lock _gate = new();
        private readonly List<(DateTimeOffset At, string Chat)> _sent = [];
        private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _expected = int.MaxValue;

        public string Platform => platform;

        /// <summary>The limits the adapters declare (the bench sees only Core): Telegram's 30/s, 1/s per chat and 20/min per group; Discord's 50/s and 5 per 5 s per channel.</summary>
        public DeliveryLimits Limits { get; } = platform == Platforms.Telegram
            ? new(new("30 messages/s overall", 30, TimeSpan.FromSeconds(1)), new("1 message/s per chat", 1, TimeSpan.FromSeconds(1)), new("20 messages/min per group or channel", 20, TimeSpan.FromMinutes(1)))
            {
                IsGroup = chat => chat.StartsWith('-') || chat.StartsWith('@'),
            }
            : new(new("50 requests/s overall", 50, TimeSpan.FromSeconds(1)), new("5 messages per 5 s per channel", 5, TimeSpan.FromSeconds(5))) { ThreadIsChat = true };

        public int Accepted { get; private set; }

        public int Items { get; private set; }

        public int Refusals { get; private set; }

        public DateTimeOffset First { get; private set; }


        /// <summary>Completes when <paramref name="items"/> items were accepted in all.</summary>
        public Task AllArrived(int items)
        {
            lock (_gate)
            {
                _expected = items;
                if (Items >= items)
                {
                    _allArrived.TrySetResult();
                }
            }

            return _allArrived.Task;
        }

        public Task<DeliveryResult> SendAsync(Delivery delivery, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                var now = time.GetUtcNow();
                foreach (var (limit, chat) in Limits.For(delivery.Target))
                {
                    // A little slack for the clock's granularity; a real platform's windows are no sharper.
                    var window = limit.Period - TimeSpan.FromMilliseconds(5);
                    var count = _sent.Count(s => s.At > now - window && (chat is null || s.Chat == chat));
                    if (count >= limit.Permits)
                    {
                        Refusals++;
                        return Task.FromResult<DeliveryResult>(new RetryLater(TimeSpan.FromSeconds(1), "429"));
                    }
                }

                if (_sent.Count == 0)
                {
                    First = now;
                }

                _sent.Add((now, delivery.Target.ChatId));
                Accepted++;
                Items += delivery.Items.Count;
                if (Items >= _expected)
                {
                    _allArrived.TrySetResult();
                }

                return Task.FromResult<DeliveryResult>(new Delivered(null));
            }
        }
    }
}
