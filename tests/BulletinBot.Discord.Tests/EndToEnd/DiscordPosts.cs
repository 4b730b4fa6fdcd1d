using BulletinBot.Discord.Tests.Fakes;

namespace BulletinBot.Discord.Tests.EndToEnd;

/// <summary>
/// What a <see cref="FakeDiscord"/>'s channels received, read the same way by every Discord rig (one host, or replicas):
/// each created message as the text of its embeds, and whether every item reached every target.
/// </summary>
public static class DiscordPosts
{
    /// <summary>Every post the channels received, created or answered from its nonce.</summary>
    public static int Count(FakeDiscord fake) =>
        fake.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal));

    public static string Text(CreatedMessage message) =>
        message.Body.TryGetProperty("embeds", out var embeds) ? embeds.GetRawText() : message.Body.GetRawText();

    /// <summary>The messages created in <paramref name="channels"/>, each as the text of its embeds.</summary>
    public static IReadOnlyList<PostedMessage> Posted(FakeDiscord fake, IReadOnlyCollection<string> channels) =>
        [.. fake.Channels.Created.Where(m => channels.Contains(m.ChannelId)).Select(m => new PostedMessage(m.ChannelId, Text(m)))];

    /// <summary>Whether every item already reached every one of <paramref name="targets"/>.</summary>
    public static bool AllDelivered(FakeDiscord fake, IReadOnlyCollection<string> targets, IReadOnlyList<NewsItem> items)
    {
        var created = fake.Channels.Created;
        return targets.All(target => items.All(item =>
            created.Any(m => m.ChannelId == target && Text(m).Contains($"Notice {item.Tag}:", StringComparison.Ordinal))));
    }

    /// <summary>Waits until every item reached every target; fails with <paramref name="output"/> after <paramref name="timeoutSeconds"/>.</summary>
    public static async Task WaitForAllAsync(
        FakeDiscord fake, IReadOnlyCollection<string> targets, IReadOnlyList<NewsItem> items, int timeoutSeconds, Func<string> output)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!AllDelivered(fake, targets, items))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not every item reached every target in {timeoutSeconds} s. The bot's output:\n{output()}");
            await Task.Delay(50);
        }
    }
}
