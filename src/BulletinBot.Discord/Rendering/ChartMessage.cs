using BulletinBot.Charts;
using BulletinBot.Core.Commands;
using BulletinBot.Discord.Rest;

namespace BulletinBot.Discord.Rendering;

/// <summary>
/// A chart on Discord: an embed with the title and the line that says what it counts, showing the PNG uploaded with
/// the message (files[0], named in attachments, shown by image.url attachment://chart.png).
/// </summary>
public static class ChartMessage
{
    /// <summary>Blue, as the other embeds.</summary>
    private const int Blue = 0x3B82F6;

    public static DiscordMessage Render(ChartReply chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var embed = new Embed(
            DiscordText.Fit(DiscordText.Escape(chart.Title), DiscordRenderer.MaxTitle),
            DiscordText.Fit(DiscordText.Escape(chart.Caption), DiscordRenderer.MaxDescription),
            Color: Blue)
        {
            Image = new EmbedImage($"attachment://{ChartReply.FileName}"),
        };
        return new DiscordMessage(Embeds: [embed]) { Attachments = [new Attachment("0", ChartReply.FileName)] };
    }

    /// <summary>The files a reply's message carries: a chart's picture, else none.</summary>
    public static IReadOnlyList<DiscordFile> Files(Reply reply) => reply is ChartReply chart
        ? [new DiscordFile(ChartReply.FileName, ChartPicture.Png(chart), "image/png")]
        : [];
}
