using System.Text.Json;
using BulletinBot.Discord.Tests.Fakes;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>The real host as a child process against the fake Discord: what a person in a server sees.</summary>
[Trait("Category", "Slow")]
public sealed class DiscordEndToEndTests
{
    private const string MentionPage = """
        Test Source

        Consular fair for @everyone and <@&123456789012345678>

        On March 3, 2019, the embassy invited @everyone and <@&123456789012345678> to a **consular** fair, with _music_ and `code`.
        """;

    [Fact]
    public async Task A_slash_command_then_its_buttons_and_an_autocomplete_round_trip()
    {
        await using var bot = await DiscordHost.StartAsync();

        var latest = await bot.InteractAsync(2, new { name = "latest", options = new[] { new { name = "count", type = 4, value = 2 } } }, "301");
        var message = await FinalMessageAsync(bot, latest, "301");
        Assert.Equal(2, message.GetProperty("embeds")[0].GetProperty("fields").GetArrayLength());
        var buttons = message.GetProperty("components").EnumerateArray()
            .SelectMany(row => row.GetProperty("components").EnumerateArray())
            .Select(button => button.GetProperty("custom_id").GetString()!).ToList();
        var next = Assert.Single(buttons, id => id.StartsWith("next ", StringComparison.Ordinal));
        var show = buttons.First(id => id.StartsWith("show ", StringComparison.Ordinal));

        var paged = await bot.InteractAsync(3, new { custom_id = next, component_type = 2 }, "302");
        Assert.Equal(7, paged.Body.GetProperty("type").GetInt32());
        Assert.Contains("Items 3–4", paged.Body.GetProperty("data").GetProperty("embeds")[0].GetProperty("footer").GetProperty("text").GetString(), StringComparison.Ordinal);

        var shown = await bot.InteractAsync(3, new { custom_id = show, component_type = 2 }, "303");
        Assert.Equal(4, shown.Body.GetProperty("type").GetInt32());
        Assert.Equal("Cuba hands over a US citizen claimed by Interpol", shown.Body.GetProperty("data").GetProperty("embeds")[0].GetProperty("title").GetString());

        var suggested = await bot.InteractAsync(4, new
        {
            name = "search",
            options = new[] { new { name = "query", type = 3, value = "migration", focused = true } },
        }, "304");
        Assert.Equal(8, suggested.Body.GetProperty("type").GetInt32());
        Assert.Contains(suggested.Body.GetProperty("data").GetProperty("choices").EnumerateArray(),
            choice => choice.GetProperty("name").GetString()!.StartsWith("Migration talks", StringComparison.Ordinal));

        Assert.Empty(bot.Fake.Violations);
        Assert.DoesNotContain(DiscordHost.Token, bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_with_bucket_headers_is_waited_out_then_the_answer_goes_through()
    {
        await using var bot = await DiscordHost.StartAsync();
        bot.Fake.Script(r => r.Path.StartsWith("interactions/401/", StringComparison.Ordinal), new ScriptedAnswer(429,
            new { message = "You are being rate limited.", retry_after = 0.4, global = false },
            new Dictionary<string, string>
            {
                ["X-RateLimit-Bucket"] = "interaction-bucket",
                ["X-RateLimit-Limit"] = "1",
                ["X-RateLimit-Remaining"] = "0",
                ["X-RateLimit-Reset-After"] = "0.4",
                ["X-RateLimit-Scope"] = "shared",
            }));

        await bot.Socket.DispatchAsync("INTERACTION_CREATE", bot.NextSequence(),
            Interactions.InteractionResponderTests.Interaction(2, new { name = "stats" }, "401"));
        var attempts = await bot.Fake.WaitForRequestsAsync(r => r.Path.StartsWith("interactions/401/", StringComparison.Ordinal), 2);

        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.4), $"retried after {attempts[1].At - attempts[0].At}");
        Assert.Equal(2, attempts.Count);
        Assert.Contains("rate limit", bot.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(bot.Fake.Violations);
    }

    [Fact]
    public async Task Everyone_in_a_bulletin_and_in_a_query_pings_nobody()
    {
        await using var bot = await DiscordHost.StartAsync(MentionPage);

        var found = await bot.InteractAsync(2, new { name = "search", options = new[] { new { name = "query", type = 3, value = "consular fair @everyone" } } }, "501");
        var missing = await bot.InteractAsync(2, new { name = "search", options = new[] { new { name = "query", type = 3, value = "@everyone <@&123456789012345678> zzzqqq" } } }, "502");
        var item = await bot.InteractAsync(2, new { name = "latest", options = new[] { new { name = "count", type = 4, value = 1 } } }, "503");

        foreach (var (answer, id) in new[] { (found, "501"), (missing, "502"), (item, "503") })
        {
            var message = await FinalMessageAsync(bot, answer, id);
            Assert.Equal(0, message.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
            // Every role mention that reaches Discord is escaped, so it shows as text even where mentions are allowed.
            Assert.All(Strings(message), text => Assert.DoesNotMatch(@"(?<!\\)<@", text));
        }

        var title = (await FinalMessageAsync(bot, found, "501")).GetProperty("embeds")[0].GetProperty("fields")[0].GetProperty("name").GetString();
        Assert.Contains(@"\<@&123456789012345678\>", title, StringComparison.Ordinal);
        Assert.Empty(bot.Fake.Violations);
    }

    [Fact]
    public async Task After_a_dropped_socket_the_bot_resumes_and_answers_the_interaction_it_missed()
    {
        await using var bot = await DiscordHost.StartAsync();

        bot.Socket.Drop();
        var resumed = await bot.Fake.NextConnectionAsync();
        Assert.Equal("/resume", resumed.Path);
        await resumed.HelloAsync();
        var resume = (await resumed.ExpectAsync(6)).GetProperty("d");
        Assert.Equal("session-e2e", resume.GetProperty("session_id").GetString());
        Assert.Equal(1, resume.GetProperty("seq").GetInt64());
        await resumed.DispatchAsync("INTERACTION_CREATE", 2, Interactions.InteractionResponderTests.Interaction(2, new { name = "help" }, "601"));
        await resumed.DispatchAsync("RESUMED", 3, new { });

        var answer = await bot.AnswerToAsync("601");
        Assert.Equal(4, answer.Body.GetProperty("type").GetInt32());
        Assert.Empty(bot.Fake.Violations);
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Strings(property.Value)),
        _ => [],
    };

    /// <summary>The message an interaction ended with: the callback's data, or the edit of @original after a deferral.</summary>
    private static async Task<JsonElement> FinalMessageAsync(DiscordHost bot, RecordedRequest answer, string id)
    {
        if (answer.Body.GetProperty("type").GetInt32() != 5)
        {
            return answer.Body.GetProperty("data");
        }

        var edits = await bot.Fake.WaitForRequestsAsync(r => r.Method == "PATCH" && r.Path.EndsWith("/messages/@original", StringComparison.Ordinal)
            && r.At >= answer.At);
        Assert.NotEmpty(id);
        return edits[^1].Body;
    }
}
