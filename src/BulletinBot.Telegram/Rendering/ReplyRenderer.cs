using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Text;
using System.Globalization;
using System.Text;
using BulletinBot.Core.Commands;
using Telegram.Bot.Types.ReplyMarkups;
using BulletinBot.Core.Localization;

namespace BulletinBot.Telegram.Rendering;

/// <summary>One message to send: HTML within Telegram's limit, and its inline keyboard if any.</summary>
public sealed record OutgoingMessage(string Html, InlineKeyboardMarkup? Keyboard = null);

/// <summary>
/// Renders Core's replies in Telegram's HTML: every piece of text escaped, titles bold, dates, short ids,
/// snippets with the matched words bold. A listing is one message (so paging can edit it in place), its
/// snippets shortened until it fits; an item is split at paragraphs into as many messages as it needs.
/// </summary>
public static class ReplyRenderer
{
    public const string PreviousLabel = "◀";
    public const string NextLabel = "▶";
    private const int MaxHeading = 200;
    private const int MaxTitle = 200;
    private const int MaxSnippet = 400;

    public static IReadOnlyList<OutgoingMessage> Render(Reply reply) => reply switch
    {
        ListReply list => [RenderList(list)],
        ItemReply item => [.. RenderItem(item.Item, BotText.For(item.Language)).Select(html => new OutgoingMessage(html))],
        HelpReply help => [.. MessagePacker.Pack(HelpBlocks(help)).Select(html => new OutgoingMessage(html))],
        StatsReply stats => [new OutgoingMessage(RenderStats(stats))],
        ErrorReply error => [new OutgoingMessage(RenderError(error))],
        ChartReply chart => [new OutgoingMessage(ChartCaption.Html(chart))],
        NoticeReply notice => [new OutgoingMessage(string.Join('\n', notice.Lines.Take(20).Select(l => Html.Escape(Clip(l, 300))).Prepend($"<b>{Html.Escape(Clip(notice.Heading, MaxHeading))}</b>")))],
        _ => [new OutgoingMessage(Html.Escape(BotText.For(reply.Language).NoAnswer))],
    };

    public static string RenderError(ErrorReply error) =>
        $"⚠️ {Html.Escape(Clip(error.Problem, 1000))}" + (error.Hint.Length == 0 ? "" : $"\n{Html.Escape(Clip(error.Hint, 1000))}");

    public static OutgoingMessage RenderList(ListReply list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var head = new StringBuilder($"<b>{Html.Escape(Clip(list.Heading, MaxHeading))}</b>");
        foreach (var note in list.Notes)
        {
            head.Append($"\n<i>{Html.Escape(Clip(note, MaxHeading))}</i>");
        }

        var say = BotText.For(list.Language);
        var foot = list.Cards.Count == 0 ? "" : $"\n\n<i>{Html.Escape(PageLine(list.Page, say))}</i>";
        // Shorter snippets, then shorter titles, until the listing fits one message.
        for (var snippet = MaxSnippet; ; snippet = snippet * 2 / 3)
        {
            var title = Math.Min(MaxTitle, Math.Max(snippet, 40));
            var cards = list.Cards.Select((card, i) => RenderCard(card, i + 1, title, snippet, say));
            var html = head + string.Concat(cards.Select(card => "\n\n" + card)) + foot;
            if (html.Length <= Html.MaxMessageLength || snippet < 10)
            {
                return new OutgoingMessage(html.Length <= Html.MaxMessageLength ? html : head.ToString(), Keyboard(list));
            }
        }
    }

    private static string RenderCard(BulletinCard card, int number, int maxTitle, int maxSnippet, BotText say)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"{number}. <b>{Html.Escape(Clip(card.Title.PlainText, maxTitle))}</b>\n");
        html.Append(Meta(card.Date, card.EndDate, card.ShortId, card.Source, say));
        if (card.Snippet.PlainText.Length > 0 && maxSnippet >= 10)
        {
            html.Append('\n').Append(Marked(card.Snippet, maxSnippet));
        }

        return html.ToString();
    }

    /// <summary>The item's date (as the reader's language writes it), id and source, on one line.</summary>
    private static string Meta(DateOnly? date, DateOnly? endDate, string shortId, string source, BotText say)
    {
        var parts = new List<string>();
        if (date is { } day)
        {
            parts.Add(Html.Escape(endDate is { } end && end != day ? say.DayRange(say.Day(day), say.Day(end)) : say.Day(day)));
        }

        parts.Add($"<code>{Html.Escape(shortId)}</code>");
        if (source.Length > 0)
        {
            parts.Add(Html.Escape(Clip(source, 60)));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>The text with the matched spans bold, cut to <paramref name="max"/> plain characters.</summary>
    private static string Marked(MarkedText text, int max)
    {
        var html = new StringBuilder();
        var left = max;
        foreach (var span in text.Spans)
        {
            if (left <= 0)
            {
                break;
            }

            var piece = span.Text.Length > left ? Clip(span.Text, left) : span.Text;
            left -= span.Text.Length;
            html.Append(span.Marked ? $"<b>{Html.Escape(piece)}</b>" : Html.Escape(piece));
        }

        return html.ToString();
    }

    private static string PageLine(ListPage page, BotText say) => page.Total is { } total
        ? say.PageOf(page.First, page.Last, total)
        : $"{page.First}–{page.Last}";

    /// <summary>A show button per card, then ◀ ▶ when there are pages beside this one. callback_data is the action's command text.</summary>
    private static InlineKeyboardMarkup? Keyboard(ListReply list)
    {
        var rows = new List<InlineKeyboardButton[]>();
        var shows = list.Cards.Select((card, i) => InlineKeyboardButton.WithCallbackData($"{i + 1}. {card.ShortId}", card.Show.CommandText)).ToList();
        rows.AddRange(shows.Chunk(5));
        var paging = new List<InlineKeyboardButton>();
        if (list.Page.Previous is { } previous)
        {
            paging.Add(InlineKeyboardButton.WithCallbackData(PreviousLabel, previous.CommandText));
        }

        if (list.Page.Next is { } next)
        {
            paging.Add(InlineKeyboardButton.WithCallbackData(NextLabel, next.CommandText));
        }

        if (paging.Count > 0)
        {
            rows.Add([.. paging]);
        }

        return rows.Count == 0 ? null : new InlineKeyboardMarkup(rows);
    }

    /// <summary>The item as messages: title, the date line, each paragraph, the link; cut at paragraphs first.</summary>
    public static IReadOnlyList<string> RenderItem(BulletinItem item) => RenderItem(item, BotText.English);

    /// <summary>The item as messages, its link labelled in the reader's language.</summary>
    public static IReadOnlyList<string> RenderItem(BulletinItem item, BotText say)
    {
        ArgumentNullException.ThrowIfNull(say);
        ArgumentNullException.ThrowIfNull(item);
        var blocks = new List<HtmlBlock>
        {
            new(Clip(item.Title, 1000), "<b>", "</b>"),
            HtmlBlock.Raw(Meta(item.Date, item.EndDate, item.ShortId, item.Source, say)),
        };
        blocks.AddRange(item.Paragraphs.Where(p => p.Length > 0).Select(p => new HtmlBlock(p)));
        if (item.Link is { Length: > 0 and < 1000 } link && Uri.TryCreate(link, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            blocks.Add(HtmlBlock.Raw($"<a href=\"{Html.Escape(uri.AbsoluteUri).Replace("\"", "&quot;", StringComparison.Ordinal)}\">{Html.Escape(say.SourceLink)}</a>"));
        }

        return MessagePacker.Pack(blocks);
    }

    private static IEnumerable<HtmlBlock> HelpBlocks(HelpReply help)
    {
        var say = BotText.For(help.Language);
        yield return new HtmlBlock(help.Intro);
        foreach (var spec in help.Commands)
        {
            yield return HtmlBlock.Raw(
                $"/{Html.Escape(spec.UsageIn(say.Language))} — {Html.Escape(spec.DescriptionIn(say.Language))}\n<i>{Html.Escape(say.ForExample("/" + spec.ExampleIn(say.Language)))}</i>");
        }
    }

    private static string RenderStats(StatsReply stats)
    {
        var say = BotText.For(stats.Language);
        var text = new StringBuilder($"<b>{Html.Escape(say.ItemsCount(stats.Total))}</b>");
        if (stats.Oldest is { } oldest && stats.Newest is { } newest)
        {
            text.Append(' ').Append(Html.Escape(say.FromTo(say.Day(oldest), say.Day(newest))));
        }

        if (stats.Undated > 0)
        {
            text.Append(' ').Append(Html.Escape(say.UndatedCount(stats.Undated)));
        }

        foreach (var source in stats.Sources.Take(50))
        {
            text.Append('\n').Append(Html.Escape(Clip(source.Source, 80))).Append(CultureInfo.InvariantCulture, $": {source.Count}");
        }

        var lines = stats.Fetches.Select(fetch => fetch.LastError is { } error
            ? say.SourceFailing(Clip(fetch.Name, 80), fetch.FailuresInARow, Clip(error, 200))
            : say.SourceOk(Clip(fetch.Name, 80)));
        if (stats.Announcements is { } announcements)
        {
            lines = lines.Append(say.AnnouncementsPending(announcements.OutboxDepth)).Concat(announcements.Targets.Select(target =>
                target.DisabledReason is { } reason
                    ? say.StatsTargetDisabled(target.Platform, target.ChatId, target.Delivered, target.Pending, Clip(reason, 200))
                    : say.StatsTarget(target.Platform, target.ChatId, target.Delivered, target.Pending)));
        }

        // Whatever does not fit one message is left out; the counts above come first.
        foreach (var line in lines)
        {
            var html = "\n" + Html.Escape(line);
            if (text.Length + html.Length > Html.MaxMessageLength - 20)
            {
                text.Append("\n…");
                break;
            }

            text.Append(html);
        }

        return text.ToString();
    }

    private static string Clip(string text, int max) => TextCut.Shorten(text, max);
}
