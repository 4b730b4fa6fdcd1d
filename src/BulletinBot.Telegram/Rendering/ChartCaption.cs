using BulletinBot.Core.Commands;
using BulletinBot.Core.Text;

namespace BulletinBot.Telegram.Rendering;

/// <summary>
/// A chart's words in Telegram HTML: the title in bold and the line that says what it counts. It is the photo's
/// caption, and the whole answer where a picture cannot go; it always fits a caption's limit.
/// </summary>
public static class ChartCaption
{
    /// <summary>Telegram's limit on a photo's caption, in characters after entities are parsed.</summary>
    public const int MaxLength = 1024;

    public static string Html(ChartReply chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        // The title and the line are each cut well inside the limit, so the text after parsing stays under it.
        return $"<b>{Rendering.Html.Escape(Clip(chart.Title, 300))}</b>\n{Rendering.Html.Escape(Clip(chart.Caption, 600))}";
    }

    private static string Clip(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, TextCut.Floor(text, max - 1)), TextCut.Ellipsis);
}
