using BulletinBot.Core.Announcing;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>The outbox, its feeder, the dispatcher and subscriptions over a real in-memory store, with fake platforms.</summary>
internal sealed class AnnouncingRig : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private DispatchPark? _park;

    public AnnouncingRig(AnnouncementOptions? options = null, string? path = null)
    {
        Options = options ?? new AnnouncementOptions();
        Archive = new Archive(path);
        Telegram = new FakeChatChannel(Platforms.Telegram, Archive.Time, FakeChatChannel.TelegramLike);
        Discord = new FakeChatChannel(Platforms.Discord, Archive.Time, FakeChatChannel.DiscordLike);
        Targets = new TargetStore(Archive.Database, Archive.Checkpoints);
        var feed = new BulletinBot.Core.Storage.ChangeFeed(Archive.Database, Archive.Store, Archive.Checkpoints);
        Outbox = new Outbox(Archive.Database, Archive.Checkpoints, Targets, feed);
        Feeder = new OutboxFeeder(Outbox, Targets, Microsoft.Extensions.Options.Options.Create(Options), Archive.Time, new ListLogger<OutboxFeeder>());
        Limiter = new DeliveryLimiter([Telegram, Discord], Archive.Time);
        Preferences = new BulletinBot.Core.Storage.ChatPreferenceStore(Archive.Database);
        Dispatcher = new AnnouncementDispatcher(
            Outbox, Targets, Archive.Store, [Telegram, Discord], Limiter, Microsoft.Extensions.Options.Options.Create(Options), Archive.Time, DispatchLog, Preferences);
        Subscriptions = new Subscriptions(Archive.Store, Targets, Outbox, [Telegram, Discord], Archive.Time);
        Handler = new CommandHandler(Archive.Store, Archive.Search, Archive.Continuations, Archive.Time, Subscriptions, preferences: Preferences);
    }

    public AnnouncementOptions Options { get; }

    /// <summary>The chats' language choices, as the language command stores them.</summary>
    public BulletinBot.Core.Storage.ChatPreferenceStore Preferences { get; }

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

    /// <summary>
    /// Feeds the outbox and runs the dispatcher's own loop until nothing is due or waiting, moving the
    /// fake clock only while the loop waits, and by just as much as it means to wait.
    /// </summary>
    public async Task RunUntilQuietAsync(int maxWaits = 10_000)
    {
        await WakeAsync();
        for (var step = 0; step < maxWaits; step++)
        {
            if (_park!.Wait is not { } wait)
            {
                Assert.Equal(0, _park.InFlight);
                return;
            }

            await AdvanceAsync(wait);
        }

        Assert.Fail($"The outbox was still busy after {maxWaits} waits.");
    }

    /// <summary>Feeds the outbox and wakes the running dispatcher loop (starting it the first time); returns once it waits again.</summary>
    public async Task<DispatchPark> WakeAsync()
    {
        await StartLoopAsync();
        Feeder.FeedPending();
        Dispatcher.Wake();
        return await NextParkAsync();
    }

    /// <summary>Moves the fake clock while the loop waits; returns once it waits again.</summary>
    public async Task<DispatchPark> AdvanceAsync(TimeSpan by)
    {
        await StartLoopAsync();
        Archive.Time.Advance(by);
        return await NextParkAsync();
    }

    private async Task StartLoopAsync()
    {
        if (_loop is null)
        {
            _loop = Task.Run(() => Dispatcher.RunAsync(_stop.Token));
            _park = await NextParkAsync();
        }
    }

    /// <summary>Returns once the loop waits again, after something other than the rig woke it.</summary>
    public async Task<DispatchPark> NextParkAsync()
    {
        var parked = Dispatcher.ParkedAfterAsync(_park?.Generation ?? 0);

        // Not a timing: only a loop that never waits again would reach this.
        _park = await parked.WaitAsync(TimeSpan.FromSeconds(30));
        return _park;
    }

    public async Task<Reply> AskAsync(string text, ChatContext chat) =>
        await Handler.HandleAsync(CommandParser.Parse(text)!, chat, CancellationToken.None);

    public void Dispose()
    {
        if (_loop is not null)
        {
            _stop.Cancel();
            try
            {
                _loop.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // The loop stopped as asked.
            }
        }

        _stop.Dispose();
        Limiter.Dispose();
        Archive.Dispose();
    }
}
