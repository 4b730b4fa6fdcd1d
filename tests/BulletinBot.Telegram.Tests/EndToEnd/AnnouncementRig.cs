using System.Globalization;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestPages;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// The real host with announcement targets set in its environment, a seeds folder to drop pages into, and the fake
/// Bot API keeping Telegram's sending limits. Short dispatch and settle times keep each case quick.
/// </summary>
public sealed class AnnouncementRig : IAnnouncementRig
{
    private readonly Dictionary<string, string?> settings;
    private TelegramHost? bot;

    private AnnouncementRig(FakeBotApi fake, IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? extra)
    {
        Fake = fake;
        Targets = targets;
        settings = new Dictionary<string, string?>
        {
            ["Announcements__PollInterval"] = "00:00:00.200",
            ["Announcements__MaxRetryDelay"] = "00:00:02",
            ["Ingestion__FileSettleTime"] = "00:00:00.200",
        };
        for (var i = 0; i < targets.Count; i++)
        {
            settings[$"Announcements__Targets__{i}__Platform"] = "Telegram";
            settings[$"Announcements__Targets__{i}__ChatId"] = targets[i];
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public FakeBotApi Fake { get; }

    public BotFolder Folder { get; } = new();

    public IReadOnlyList<string> Targets { get; }

    public TelegramHost Bot => bot ?? throw new InvalidOperationException("The bot is not running.");

    public static async Task<AnnouncementRig> StartAsync(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var fake = await FakeBotApi.StartAsync();
        fake.EnforceSendLimits = true;
        var rig = new AnnouncementRig(fake, targets, settings);
        await rig.StartBotAsync();
        return rig;
    }

    public int Messages => Fake.Sent.Count;

    public string Output => Bot.Output;

    /// <summary>Starts the host and waits until announcements run (after the first ingestion round, so a page dropped later is news).</summary>
    public async Task StartBotAsync()
    {
        bot = await TelegramHost.StartAsync(Folder, Fake, settings);
        await WaitForOutputAsync("Announcements: ");
    }

    /// <summary>SIGKILL of the host and its children, as the test runner's Process.Kill does on Linux.</summary>
    public async Task KillBotAsync()
    {
        if (bot is not null)
        {
            await bot.DisposeAsync();
            bot = null;
        }
    }

    public async Task RestartBotAsync()
    {
        await KillBotAsync();
        await StartBotAsync();
    }

    public void Drop(string name, IEnumerable<NewsItem> items) => NewsPages.Drop(Folder.SeedsPath, name, items);

    /// <summary>Waits until a page named <paramref name="page"/> was ingested by the running host.</summary>
    public Task WaitForIngestAsync(string page) => WaitForOutputAsync($"page {page}: ");

    public async Task WaitForOutputAsync(string text, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!Bot.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The bot never logged \"{text}\". Its output:\n{Bot.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every accepted message to a target, as the counts see them.</summary>
    public IReadOnlyList<PostedMessage> Posted() =>
        [.. Fake.Sent.Where(m => Targets.Contains(m.ChatId)).Select(m => new PostedMessage(m.ChatId, m.Text))];

    public IReadOnlyList<PostedMessage> PostedIn(string chat) =>
        [.. Fake.Sent.Where(m => m.ChatId == chat).Select(m => new PostedMessage(m.ChatId, m.Text))];

    public async Task WaitUntilSettledAsync() => await HostProcess.WaitForIdleOutboxAsync(Folder.StorePath, TimeSpan.FromSeconds(90));

    public Task<(int Code, string Text)> HealthAsync() => TelegramHost.HealthAsync(Folder);

    /// <summary>Waits until every item reached every target in <paramref name="targets"/> (all by default).</summary>
    public Task WaitForAllAsync(IReadOnlyList<NewsItem> items, IReadOnlyCollection<string>? targets = null, int timeoutSeconds = 90) =>
        Fake.WaitForSentAsync(
            sent => (targets ?? Targets).All(target => items.All(item =>
                sent.Any(m => m.ChatId == target && m.Text.Contains($"Notice {item.Tag}:", StringComparison.Ordinal)))),
            timeoutSeconds);

    /// <summary>Whether every item already reached every target.</summary>
    public bool AllDelivered(IReadOnlyList<NewsItem> items)
    {
        var sent = Fake.Sent;
        return Targets.All(target => items.All(item =>
            sent.Any(m => m.ChatId == target && m.Text.Contains($"Notice {item.Tag}:", StringComparison.Ordinal))));
    }

    public static string Chat(long id) => id.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await KillBotAsync();
        await Fake.DisposeAsync();
        Folder.Dispose();
    }
}
