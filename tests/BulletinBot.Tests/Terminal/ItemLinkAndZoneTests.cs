using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Ingestion;
using BulletinBot.Terminal;

namespace BulletinBot.Tests.Terminal;

/// <summary>The terminal and ask show an item's link, and the stats fetch times with the bot's zone named.</summary>
public sealed class ItemLinkAndZoneTests
{
    private static readonly BulletinItem Linked = new(
        "kj18ax4", "Migration talks", new DateOnly(2018, 7, 11), null, "Cuba in USA", ["A new round of talks."], "https://example.org/news/talks?id=7");

    [Fact]
    public async Task Show_prints_the_items_link_in_plain_text_and_in_the_chat()
    {
        var plain = await PlainAsync(new ItemReply(Linked));
        var console = await ConsoleAsync(new ItemReply(Linked));

        Assert.EndsWith("Source: https://example.org/news/talks?id=7", plain.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("Source: https://example.org/news/talks?id=7", console, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a link")]
    public async Task An_item_without_a_web_link_shows_none(string? link)
    {
        var plain = await PlainAsync(new ItemReply(Linked with { Link = link }));

        Assert.DoesNotContain("Source:", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_fetch_times_are_shown_in_the_bot_zone_and_name_it()
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Tokyo", out var tokyo) ? tokyo : null;
        Assert.NotNull(zone);
        var fetched = new DateTimeOffset(2026, 12, 6, 6, 30, 0, TimeSpan.Zero);
        var stats = new StatsReply(3, 0, new DateOnly(2018, 1, 1), new DateOnly(2018, 2, 1), [])
        {
            Fetches = [new SourceStatus("seeds", fetched, fetched, null, 0)],
            Zone = zone,
        };

        var plain = await PlainAsync(stats);

        Assert.Contains("2026-12-06 15:30 Asia/Tokyo", plain, StringComparison.Ordinal);
    }

    private static async Task<string> PlainAsync(Reply reply)
    {
        using var output = new StringWriter();
        await new PlainTextRenderer(output).WriteAsync(reply, CancellationToken.None);
        return output.ToString();
    }

    private static async Task<string> ConsoleAsync(Reply reply)
    {
        using var output = new StringWriter();
        await new ConsoleRenderer(output, () => 80, ansi: false).WriteAsync(reply, CancellationToken.None);
        return output.ToString();
    }
}
