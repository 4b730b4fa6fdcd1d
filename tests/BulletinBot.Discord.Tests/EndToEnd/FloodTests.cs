using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>One user floods slash commands through the gateway while others use the bot, with the default budget of 60 a minute.</summary>
[Trait("Category", "Slow")]
public sealed class FloodTests(ITestOutputHelper output)
{
    private const string Flooder = "700000000000000001";
    private static readonly string[] Others = [.. Enumerable.Range(1, 5).Select(n => $"71000000000000000{n}")];
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(2);

    private int nextId = 1;

    [Fact]
    public async Task Others_are_answered_within_two_seconds_during_a_flood_and_the_flooder_is_told_once()
    {
        await using var bot = await DiscordHost.StartAsync();
        var flood = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            flood.Add(await SendAsync(bot, Flooder, "stats"));
        }

        var latencies = new List<TimeSpan>();
        for (var round = 0; round < 4; round++)
        {
            var clock = Stopwatch.StartNew();
            var pending = new Dictionary<string, string>();
            foreach (var user in Others)
            {
                pending[await SendAsync(bot, user, "stats")] = user;
            }

            while (pending.Count > 0)
            {
                var answered = bot.Fake.Requests.Select(r => r.Path.Split('/')).Where(p => p.Length > 1 && p[0] == "interactions").Select(p => p[1]).ToHashSet();
                foreach (var id in pending.Keys.Where(answered.Contains).ToList())
                {
                    latencies.Add(clock.Elapsed);
                    pending.Remove(id);
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"round {round}: no answer in 30 s for {string.Join(", ", pending.Values)}");
                await Task.Delay(5);
            }
        }

        // A last command of the flooder once the budget refilled a little (one a second): the door decided on the whole
        // flood before it, so once it is answered every answer the flood got was sent.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var last = await SendAsync(bot, Flooder, "help");
        await bot.AnswerToAsync(last);
        var toFlooder = bot.Fake.Requests.Where(r => r.Path.StartsWith("interactions/", StringComparison.Ordinal)
            && flood.Contains(r.Path.Split('/')[1])).ToList();

        output.WriteLine($"others: slowest {latencies.Max().TotalMilliseconds:F0} ms, median {latencies.Order().ElementAt(latencies.Count / 2).TotalMilliseconds:F0} ms; " +
            $"flooder: {toFlooder.Count} answers to 500 commands");
        Assert.Equal(20, latencies.Count);
        Assert.All(latencies, latency => Assert.True(latency < Answered, $"answered after {latency.TotalMilliseconds:F0} ms"));
        var told = Assert.Single(toFlooder, r => r.Body.GetRawText().Contains("faster than I answer", StringComparison.Ordinal));
        Assert.Equal(64, told.Body.GetProperty("data").GetProperty("flags").GetInt32() & 64);
        Assert.InRange(toFlooder.Count, 21, 23);
        Assert.Empty(bot.Fake.Violations);
    }

    private async Task<string> SendAsync(DiscordHost bot, string user, string command)
    {
        var id = (800000000000000000L + nextId++).ToString(CultureInfo.InvariantCulture);
        await bot.Socket.DispatchAsync("INTERACTION_CREATE", bot.NextSequence(), JsonSerializer.SerializeToElement(new
        {
            id,
            application_id = DiscordHost.ApplicationId,
            type = 2,
            token = $"token-{id}",
            channel_id = "400000000000000001",
            guild_id = "500000000000000001",
            member = new { user = new { id = user, username = "someone" }, permissions = "0" },
            data = new { name = command },
        }));
        return id;
    }
}
