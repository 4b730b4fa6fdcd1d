using System.Globalization;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>The newest items, <see cref="CommandCatalog.DefaultLatest"/> unless asked for more, at most <see cref="CommandCatalog.MaxLatest"/> at once.</summary>
public sealed record LatestCommand(int Requested) : Command
{
    /// <summary>The source named by <c>source:name</c>, as typed; null for every source.</summary>
    public string? Source { get; init; }

    public static CommandSpec Spec { get; } = new(
        "latest", "ultimas", ["last", "new", "recent", "últimas", "ultimos", "últimos"],
        [new("count", ArgumentKind.Number, false, 1, CommandCatalog.MaxLatest,
            $"How many items, 1 to {CommandCatalog.MaxLatest} ({CommandCatalog.DefaultLatest} if not given)",
            $"Cuántas, de 1 a {CommandCatalog.MaxLatest} ({CommandCatalog.DefaultLatest} si no se indica)")],
        $"The newest items, {CommandCatalog.DefaultLatest} unless you say how many (at most {CommandCatalog.MaxLatest})",
        $"Las noticias más recientes, {CommandCatalog.DefaultLatest} salvo que indiques cuántas (hasta {CommandCatalog.MaxLatest})",
        "latest 10",
        Parse)
    {
        NameFr = "derniers",
        NamePt = "ultimos",
        DescriptionFr = $"Les articles les plus récents, {CommandCatalog.DefaultLatest} sauf si vous dites combien (au plus {CommandCatalog.MaxLatest})",
        DescriptionPt = $"As notícias mais recentes, {CommandCatalog.DefaultLatest} a menos que diga quantas (no máximo {CommandCatalog.MaxLatest})",
        ShowPage = Page,
    };

    private static Command Parse(string text)
    {
        var (rest, source) = SourceSyntax.Split(text);
        if (rest.Length == 0)
        {
            return new LatestCommand(CommandCatalog.DefaultLatest) { Source = source };
        }

        return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? new LatestCommand(count) { Source = source }
            : InvalidCommand.Saying(say => new(say.LatestInvalid(CommandCatalog.MaxLatest), say.LatestInvalidHint));
    }

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        var count = Math.Min(Requested, CommandCatalog.MaxLatest);
        var page = handler.Listings.Begin(chat, ListingKinds.Latest, Source is null ? string.Empty : SourceSyntax.Markers[0] + Source, count);
        var reply = handler.Listings.Show(chat, page);
        return Requested > CommandCatalog.MaxLatest && reply is ListReply list
            ? list with { Notes = [chat.RemembersListings ? BotText.For(chat).LatestCapped(CommandCatalog.MaxLatest) : BotText.For(chat).LatestCappedOneShot(CommandCatalog.MaxLatest)] }
            : reply;
    }

    private static Reply Page(Listings listings, ChatContext chat, ListingPage page)
    {
        // One item more than the page tells whether there is a next page without counting the
        // whole archive, which at 100k items would cost more than the answer itself.
        var say = BotText.For(chat);
        if (SourceFilter.Resolve(listings.Sources, SourceSyntax.Split(page.Argument).Name, say, out var source) is { } unknown)
        {
            return unknown;
        }

        var items = listings.Store.Latest(page.After, page.PageSize + 1, source?.Origin);
        if (items.Count == 0)
        {
            return page.First == 1
                ? new ErrorReply(say.ArchiveEmpty, say.ArchiveEmptyHint) { IsEmptyResult = true }
                : new ErrorReply(say.NoOlderItems, say.NoOlderItemsHint);
        }

        var shown = items.Take(page.PageSize).ToList();
        var more = items.Count > page.PageSize;
        var heading = SourceFilter.Heading(page.First == 1 ? say.LatestHeading : say.LatestContinuedHeading, source, say);
        return listings.Page(chat, page, heading, shown.Select(b => Listings.Card(b, null)).ToList(), shown, more, more ? null : page.First + shown.Count - 1);
    }
}
