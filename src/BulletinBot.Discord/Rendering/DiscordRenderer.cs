using BulletinBot.Core.Bulletins;
using System.Globalization;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;

namespace BulletinBot.Discord.Rendering;

/// <summary>
/// Turns a platform-neutral reply into Discord messages within Discord's limits: embed title 256, description 4096,
/// 25 fields, field name 256 and value 1024, 6000 characters per message, content 2000, 5 buttons in each of 5 rows.
/// Bulletin text is Markdown-escaped. A long item becomes several messages, split between words.
/// </summary>
public static class DiscordRenderer
{
    public const int MaxContent = 2000;
    public const int MaxTitle = 256;
    public const int MaxDescription = 4096;
    public const int MaxFields = 25;
    public const int MaxFieldName = 256;
    public const int MaxFieldValue = 1024;
    public const int MaxFooter = 2048;
    public const int MaxMessageCharacters = 6000;
    public const int MaxButtonLabel = 80;
    public const int MaxShowButtons = 20;
    private const int Blue = 0x3B82F6;

    public static IReadOnlyList<DiscordMessage> Render(Reply reply) => reply switch
    {
        ListReply list => [List(list)],
        ItemReply item => Item(item.Item, BotText.For(item.Language)),
        HelpReply help => [Help(help)],
        StatsReply stats => [Stats(stats)],
        ErrorReply error => [Error(error, ephemeral: false)],
        ChartReply chart => [ChartMessage.Render(chart)],
        NoticeReply notice => [new DiscordMessage(DiscordText.Fit(DiscordText.Escape(string.Join('\n', notice.Lines.Prepend(notice.Heading))), MaxContent))],
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "not a reply kind Discord renders"),
    };

    public static DiscordMessage Error(ErrorReply error, bool ephemeral) =>
        new(DiscordText.Fit(DiscordText.Escape(error.Text), MaxContent), Flags: ephemeral ? DiscordMessage.Ephemeral : null);

    public static DiscordMessage List(ListReply list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var say = BotText.For(list.Language);
        var title = DiscordText.Fit(DiscordText.Escape(list.Heading), MaxTitle);
        var description = list.Notes.Count == 0 ? null : DiscordText.Fit(DiscordText.Escape(string.Join("\n", list.Notes)), MaxDescription);
        var footer = new EmbedFooter(Position(list.Page, say));
        var cards = list.Cards.Take(MaxFields).ToList();
        var names = cards.Select(card => DiscordText.Fit(DiscordText.Escape($"{card.ShortId} · {card.Title.PlainText}"), MaxFieldName)).ToList();

        // What is left of the 6000 after the fixed parts is shared by the cards' values.
        var fixedCharacters = title.Length + (description?.Length ?? 0) + footer.Text.Length + names.Sum(n => n.Length);
        var perCard = cards.Count == 0 ? MaxFieldValue : Math.Clamp((MaxMessageCharacters - fixedCharacters) / cards.Count, 1, MaxFieldValue);
        var fields = cards.Select((card, i) => new EmbedField(names[i], CardValue(card, perCard, say))).ToList();
        var embed = new Embed(title, cards.Count == 0 && description is null ? say.NothingFound : description, Fields: fields, Footer: footer, Color: Blue);
        return new DiscordMessage(Embeds: [embed], Components: ListButtons(list, cards, say));
    }

    public static IReadOnlyList<DiscordMessage> Item(BulletinItem item) => Item(item, BotText.English);

    /// <summary>An item in full, its date and labels in the reader's language.</summary>
    public static IReadOnlyList<DiscordMessage> Item(BulletinItem item, BotText say)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(say);
        var title = DiscordText.Fit(DiscordText.Escape(item.Title), MaxTitle);
        var url = Uri.TryCreate(item.Link, UriKind.Absolute, out var link) && link.Scheme is "http" or "https" ? link.AbsoluteUri : null;
        var text = string.Join("\n\n", item.Paragraphs.Select(DiscordText.Escape));
        var pieces = DiscordText.Split(text.Length == 0 ? say.NoText : text, MaxDescription);
        var about = $"{item.ShortId} · {DateText(item.Date, item.EndDate, say)} · {item.Source}";
        return [.. pieces.Select((piece, i) => new DiscordMessage(Embeds:
        [
            new Embed(
                i == 0 ? title : null,
                piece,
                i == 0 ? url : null,
                Footer: new EmbedFooter(DiscordText.Fit(pieces.Count == 1 ? about : $"{about} · {i + 1}/{pieces.Count}", MaxFooter)),
                Color: Blue),
        ]))];
    }

    /// <summary>An announcement: one item is a card, several are one digest of titles (at most 25).</summary>
    public static IReadOnlyList<Embed> Announcement(IReadOnlyList<BulletinItem> items) => Announcement(items, BotText.English);

    /// <summary>An announcement in the target's language: its words and dates.</summary>
    public static IReadOnlyList<Embed> Announcement(IReadOnlyList<BulletinItem> items, BotText say)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(say);
        if (items.Count == 1)
        {
            return [.. Item(items[0], say).SelectMany(message => message.Embeds ?? [])];
        }

        var shown = items.Take(MaxFields).ToList();
        var title = items.Count > shown.Count ? say.DigestTitleMore(items.Count, items.Count - shown.Count) : say.DigestTitle(items.Count);
        // Each field gets an equal share of what the title leaves of the 6000.
        var share = (MaxMessageCharacters - title.Length) / shown.Count;
        var fields = shown.Select(item =>
        {
            var value = DiscordText.Fit(DiscordText.Escape($"{DateText(item.Date, item.EndDate, say)} · {item.Source}"), Math.Min(MaxFieldValue, share / 3));
            var name = DiscordText.Fit(DiscordText.Escape($"{item.ShortId} · {item.Title}"), Math.Min(MaxFieldName, share - value.Length));
            return new EmbedField(name, value);
        }).ToList();
        return [new Embed(title, Fields: fields, Color: Blue)];
    }

    private static DiscordMessage Help(HelpReply help)
    {
        var say = BotText.For(help.Language);
        var fields = help.Commands.Take(MaxFields).Select(spec => new EmbedField(
            DiscordText.Fit("/" + DiscordText.Escape(spec.UsageIn(say.Language).Replace('<', '‹').Replace('>', '›')), MaxFieldName),
            DiscordText.Fit(DiscordText.Escape(say.HelpLineExample(spec.DescriptionIn(say.Language), spec.ExampleIn(say.Language))), MaxFieldValue))).ToList();
        return new DiscordMessage(Embeds: [new Embed(say.CommandsTitle, DiscordText.Fit(DiscordText.Escape(help.Intro), MaxDescription), Fields: fields, Color: Blue)]);
    }

    private static DiscordMessage Stats(StatsReply stats)
    {
        var say = BotText.For(stats.Language);
        var range = stats.Oldest is { } oldest && stats.Newest is { } newest ? say.FromTo(say.Day(oldest), say.Day(newest)) : say.NoDatedItems;
        var description = say.StatsSummary(stats.Total, stats.Undated, range);
        var sources = stats.Sources.Take(MaxFields).Select(source => new EmbedField(
            DiscordText.Fit(DiscordText.Escape(source.Source), MaxFieldName), source.Count.ToString(CultureInfo.InvariantCulture), Inline: true)).ToList();
        if (stats.Sources.Count > MaxFields)
        {
            sources[^1] = new EmbedField("…", say.MoreSources(stats.Sources.Count - MaxFields + 1), Inline: true);
        }

        var status = stats.Fetches.Select(fetch => fetch.LastError is { } error
            ? say.SourceFailing(fetch.Name, fetch.FailuresInARow, error)
            : say.SourceOk(fetch.Name));
        if (stats.Announcements is { } announcements)
        {
            status = status.Append(say.AnnouncementsPending(announcements.OutboxDepth)).Concat(announcements.Targets.Select(target =>
                target.DisabledReason is { } reason
                    ? say.StatsTargetDisabled(target.Platform, target.ChatId, target.Delivered, target.Pending, reason)
                    : say.StatsTarget(target.Platform, target.ChatId, target.Delivered, target.Pending)));
        }

        // The fields' share of the 6000 is taken first; the sources and targets get what is left, within a description.
        var room = Math.Min(MaxDescription, MaxMessageCharacters - say.ArchiveTitle.Length - sources.Sum(f => f.Name.Length + f.Value.Length));
        var text = string.Join('\n', status.Select(DiscordText.Escape).Prepend(description));
        return new DiscordMessage(Embeds: [new Embed(say.ArchiveTitle, DiscordText.Fit(text, room), Fields: sources, Color: Blue)]);
    }

    private static string CardValue(BulletinCard card, int max, BotText say)
    {
        var head = DiscordText.Escape($"{DateText(card.Date, card.EndDate, say)} · {card.Source}");
        var snippet = DiscordText.Marked(card.Snippet);
        var value = snippet.Length == 0 ? head : $"{head}\n{snippet}";
        // Cutting marked text could leave a "**" open; the plain escaped snippet is cut instead.
        return value.Length <= max ? value : DiscordText.Fit($"{head}\n{DiscordText.Escape(card.Snippet.PlainText)}", max);
    }

    private static List<ActionRow>? ListButtons(ListReply list, IReadOnlyList<BulletinCard> cards, BotText say)
    {
        var rows = new List<ActionRow>();
        var paging = new List<Button>();
        if (list.Page.Previous is { } previous)
        {
            paging.Add(new Button(say.ButtonPrevious, previous.CommandText));
        }

        if (list.Page.Next is { } next)
        {
            paging.Add(new Button(say.ButtonNext, next.CommandText, Button.Primary));
        }

        if (paging.Count > 0)
        {
            rows.Add(new ActionRow(paging));
        }

        var shows = cards.Take(MaxShowButtons)
            .Select(card => new Button(DiscordText.Fit(say.ButtonShow(card.ShortId), MaxButtonLabel), card.Show.CommandText))
            .Chunk(5)
            .Select(chunk => new ActionRow(chunk));
        rows.AddRange(shows);
        return rows.Count == 0 ? null : rows;
    }

    private static string Position(ListPage page, BotText say) => page.Last == 0
        ? say.NoItems
        : page.Total is { } total ? say.ItemsRangeOf(page.First, page.Last, total) : say.ItemsRange(page.First, page.Last);

    private static string DateText(DateOnly? date, DateOnly? end, BotText say) => date is null
        ? say.Undated
        : end is null || end == date ? say.Day(date.Value) : say.DateSpan(say.Day(date.Value), say.Day(end.Value));
}
