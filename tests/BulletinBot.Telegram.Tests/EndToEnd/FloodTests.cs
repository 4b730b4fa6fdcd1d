using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;
using Xunit.Abstractions;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// One user floods while others talk, against the fake keeping Telegram's sending limits (429 past one message a second
/// in a chat), with the default budget of 60 commands a minute.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FloodTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const long Flooder = 7000;
    private static readonly long[] Others = [7101, 7102, 7103, 7104, 7105];
    // A sanity bound only: on a quiet machine the slowest answer is under half a second. What proves that no one waits
    // behind the flood is the order below, which holds at any load: everyone else is answered while the flooder's own
    // answers, paced at Telegram's one a second in its chat, are still coming.
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(10);

    private readonly BotFolder folder = new();
    private FakeBotApi fake = null!;
    private TelegramHost bot = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeBotApi.StartAsync();
        fake.EnforceSendLimits = true;
        bot = await TelegramHost.StartAsync(folder, fake, new Dictionary<string, string?> { ["Conversation__CommandsPerMinute"] = "60" });
    }

    public async Task DisposeAsync()
    {
        await bot.DisposeAsync();
        await fake.DisposeAsync();
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Others_are_answered_while_the_flood_is_still_paced_out_and_the_flooder_is_told_once()
    {
        for (var i = 0; i < 500; i++)
        {
            fake.Enqueue(Command(Flooder, "/stats"));
        }

        var latencies = new List<TimeSpan>();
        var flooderAnswersThen = new List<int>();
        for (var round = 0; round < 4; round++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var user in Others)
            {
                fake.Enqueue(Command(user, "/stats"));
            }

            var pending = Others.ToHashSet();
            while (pending.Count > 0)
            {
                foreach (var user in pending.Where(user => SentTo(user).Count > round).ToList())
                {
                    latencies.Add(clock.Elapsed);
                    flooderAnswersThen.Add(SentTo(Flooder).Count);
                    pending.Remove(user);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"round {round}: no answer in 30 s for {string.Join(", ", pending)}");
                await Task.Delay(5);
            }

            // People type: the next command of each comes more than Telegram's second after the last answer in their chat.
            await Task.Delay(TimeSpan.FromSeconds(1.2));
        }

        // A last command of the flooder, once the budget refilled: answered after everything queued before it in that chat.
        fake.Enqueue(Command(Flooder, "/search migration"));
        await fake.WaitForSentAsync(_ => SentTo(Flooder).Any(m => m.Text.Contains("<b>migration", StringComparison.OrdinalIgnoreCase)), timeoutSeconds: 120);

        var flooder = SentTo(Flooder);
        output.WriteLine($"others: slowest {latencies.Max().TotalMilliseconds:F0} ms, median {latencies.Order().ElementAt(latencies.Count / 2).TotalMilliseconds:F0} ms; " +
            $"flooder: {flooder.Count} messages; 429s from the fake: {fake.LimitRefusals}");
        Assert.Equal(20, latencies.Count);
        Assert.All(latencies, latency => Assert.True(latency < Answered, $"answered after {latency.TotalMilliseconds:F0} ms"));
        var flooderAnswers = flooder.Count(m => m.Text.Contains("items", StringComparison.Ordinal) && !m.Text.Contains("<b>migration", StringComparison.OrdinalIgnoreCase));
        Assert.All(flooderAnswersThen, then => Assert.True(then < flooderAnswers, $"answered only after the flooder's {then} messages"));
        Assert.True(fake.LimitRefusals > 0, "the flood never met Telegram's limit, so it proved nothing");
        Assert.Single(flooder, m => m.Text.Contains("faster than I answer", StringComparison.Ordinal));
        Assert.InRange(flooder.Count(m => m.Text.Contains("items", StringComparison.Ordinal) && !m.Text.Contains("<b>migration", StringComparison.OrdinalIgnoreCase)), 20, 21);
    }

    private List<SentMessage> SentTo(long chat) =>
        [.. fake.Sent.Where(m => m.ChatId == chat.ToString(CultureInfo.InvariantCulture))];

    private static JsonObject Command(long user, string text)
    {
        var update = FakeUpdates.Message(user, "private", text);
        update["message"]!["from"]!["id"] = user;
        return update;
    }
}
