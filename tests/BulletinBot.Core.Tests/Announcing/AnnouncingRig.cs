using BulletinBot.Core.Announcing;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>The outbox, its feeder, the dispatcher and subscriptions over a real in-memory store, with fake platforms.</summary>
internal sealed class AnnouncingRig : IDisposable
{
    public AnnouncingRig(AnnouncementOptions? options = null, string? path = null)
    {
        Options = options ?? new AnnouncementOptions();
        Archive = new Archive(path);
        Telegram = new FakeChatChannel("telegram", Archive.Time);
        Discord = new FakeChatChannel("discord", Archive.Time);
        Targets = new TargetStore(Archive.Database, Archive.Checkpoints);
        Outbox = new Outbox(Archive.Database, Archive.Checkpoints);
        var feed = new BulletinBot.Core.Storage.ChangeFeed(Archive.Database, Archive.Store, Archive.Checkpoints);
        Feeder = new OutboxFeeder(feed, Archive.Checkpoints, Outbox, Targets, Microsoft.Extensions.Options.Options.Create(Options), Archive.Time, new ListLogger<OutboxFeeder>());
        Limiter = new DeliveryLimiter(Archive.Time);
        Dispatcher = new AnnouncementDispatcher(
            Outbox, Targets, Archive.Store, [Telegram, Discord], Limiter, Microsoft.Extensions.Options.Options.Create(Options), Archive.Time, DispatchLog);
        Subscriptions = new Subscriptions(Archive.Database, Archive.Store, Targets, Outbox, [Telegram, Discord], Archive.Time);
        Handler = new CommandHandler(Archive.Store, Archive.Search, Archive.Continuations, Archive.Time, Subscriptions);
    }

    public AnnouncementOptions Options { get; }

    public Archive Archive { get; }

    public FakeChatChannel Telegram { get; }

    public FakeChatChannel Discord { get; }

    public TargetStore Targets { get; }

    public Outbox Outbox { get; }

    public OutboxFeeder Feeder { get; }

    public DeliveryLimiter Limiter { get; }

    public AnnouncementDispatcher Dispatcher { get; }

    public Subscriptions Subscriptions { get; }

    public CommandHandler Handler { get; }

    public ListLogger<AnnouncementDispatcher> DispatchLog { get; } = new();

    /// <summary>Configures targets ("telegram:-100", "discord:42", optionally "|filter") and starts the outbox as the service does.</summary>
    public void Start(params string[] targets)
    {
        Targets.SyncConfigured(
            targets.Select(t =>
            {
                var (where, filter) = t.Contains('|', StringComparison.Ordinal) ? (t[..t.IndexOf('|', StringComparison.Ordinal)], t[(t.IndexOf('|', StringComparison.Ordinal) + 1)..]) : (t, string.Empty);
                var parts = where.Split(':');
                return (new DeliveryTarget(parts[0], parts[1], parts.Length > 2 ? parts[2] : null), filter);
            }).ToList(),
            Archive.Time.GetUtcNow());
        Feeder.StartOnce();
    }

    /// <summary>Feeds and dispatches until nothing is due or waiting, moving the fake clock as the dispatcher waits.</summary>
    public async Task RunUntilQuietAsync(int maxRounds = 10_000)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            Feeder.FeedPending();
            var dispatch = Dispatcher.DispatchDueAsync(CancellationToken.None);
            while (!dispatch.IsCompleted)
            {
                await Task.Delay(1);
                if (!dispatch.IsCompleted)
                {
                    Archive.Time.Advance(TimeSpan.FromMilliseconds(100));
                }
            }

            var result = await dispatch;
            if (result.Sent == 0)
            {
                if (result.NextDue is not { } wait)
                {
                    return;
                }

                Archive.Time.Advance(wait);
            }
        }

        Assert.Fail($"The outbox was still busy after {maxRounds} rounds.");
    }

    public async Task<Reply> AskAsync(string text, ChatContext chat) =>
        await Handler.HandleAsync(CommandParser.Parse(text)!, chat, CancellationToken.None);

    public void Dispose()
    {
        Limiter.Dispose();
        Archive.Dispose();
    }
}
