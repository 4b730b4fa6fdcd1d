using BulletinBot.Charts;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.TestPages;
using SkiaSharp;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>The real host answers /chart with a photo of the seed archive: sendPhoto as multipart, one bar per month.</summary>
[Trait("Category", "Slow")]
public sealed class ChartTests(LiveBotFixture bot) : IClassFixture<LiveBotFixture>
{
    [Fact]
    public async Task Chart_sends_a_png_with_a_bar_for_each_month_of_the_seed_archive_that_has_items()
    {
        var call = await bot.AskAsync(FakeUpdates.Private("/chart"), "sendPhoto");

        Assert.True(call.Multipart);
        var photo = Assert.Single(call.Files);
        Assert.True(ChartPicture.IsPng(photo.Bytes));
        // The seeds hold 8 dated items from January to August 2018 and the host's test page 2 more in August:
        // 8 monthly bars, of which March to May are empty.
        Assert.Equal("<b>Items per month</b>\nTotal: 10 (January 2018 to August 2018).", (string?)call.Body["caption"]);
        using var picture = SKBitmap.Decode(photo.Bytes);
        Assert.Equal(5, ChartPixels.BarRuns(picture));
        Assert.Contains(bot.Fake.Sent, s => s.Sequence == call.Sequence);
    }

    [Fact]
    public async Task Grafico_with_a_search_is_worded_in_Spanish()
    {
        var update = FakeUpdates.Private("/grafico migration");
        update["message"]!["from"]!["language_code"] = "es";
        var call = await bot.AskAsync(update, "sendPhoto");

        Assert.StartsWith("<b>Noticias por mes con «migration»</b>\nTotal: 1 (de julio de 2018 a julio de 2018).", (string?)call.Body["caption"], StringComparison.Ordinal);
        Assert.True(ChartPicture.IsPng(Assert.Single(call.Files).Bytes));
    }
}
