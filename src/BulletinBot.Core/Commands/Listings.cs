using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Text;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>
/// What the listing commands (latest, search, date) share: a listing begun and remembered per chat, its pages
/// turned by next and previous, and its items shown as cards. Each listing command shows its own pages
/// (<see cref="CommandSpec.ShowPage"/>); a page remembers its command's name as its kind.
/// </summary>
internal sealed class Listings(IBulletinStore store, BulletinSearch search, IContinuationStore continuations, TimeProvider time, BotClock clock, SourceDirectory? sources)
{
    public const int PageSize = 5;

    public IBulletinStore Store => store;

    public BulletinSearch Search => search;

    public TimeProvider Time => time;

    /// <summary>What today is and how times are shown (<c>Bot:TimeZone</c>).</summary>
    public BotClock Clock => clock;

    /// <summary>The configured sources by name, for <c>source:</c>; null where none are known.</summary>
    public SourceDirectory? Sources => sources;

    /// <summary>The first page of a listing: remembered where the chat pages, else only in hand.</summary>
    public ListingPage Begin(ChatContext chat, string kind, string argument, int pageSize) => chat.RemembersListings
        ? continuations.Start(chat.Key, kind, argument, pageSize)
        : new ListingPage(string.Empty, kind, argument, pageSize, 1, null, [], null);

    /// <summary>A page of a listing, shown by the command whose listing it is.</summary>
    public Reply Show(ChatContext chat, ListingPage page) =>
        CommandCatalog.Find(page.Kind) is { ShowPage: { } show } spec && spec.Name == page.Kind
            ? show(this, chat, page)
            : new ErrorReply(BotText.For(chat).ListingGone, BotText.For(chat).ListingGoneHint);

    public Reply Resume(ChatContext chat, string? token, bool forward)
    {
        var say = BotText.For(chat);
        if (!chat.RemembersListings)
        {
            return new ErrorReply(forward ? say.OneShotNoNext : say.OneShotNoPrevious, say.OneShotNoPagingHint);
        }

        if (token is null)
        {
            token = continuations.Current(chat.Key, next: forward);
            if (!forward && token is not null)
            {
                token = continuations.Find(chat.Key, token)?.Previous;
            }

            if (token is null)
            {
                return forward
                    ? new ErrorReply(say.NothingToContinue, say.NothingToContinueHint)
                    : new ErrorReply(say.NoPageBefore, say.NoPageBeforeHint);
            }
        }

        return continuations.Find(chat.Key, token) is { } page
            ? Show(chat, page)
            : new ErrorReply(say.ListingExpired, say.ListingExpiredHint);
    }

    public ListReply Page(ChatContext chat, ListingPage page, string heading, IReadOnlyList<BulletinCard> cards, IReadOnlyList<Bulletin> shown, bool more, int? total)
    {
        if (!chat.RemembersListings)
        {
            // A one-shot answer writes nothing: the store is only read, and the reply says more follow.
            return new ListReply(heading, cards, new ListPage(page.First, page.First + shown.Count - 1, total, null, null) { More = more }, []);
        }

        var next = more ? continuations.Continue(chat.Key, page, BulletinStore.SortKey(shown[^1]), shown.Select(b => b.Id).ToList()) : null;
        continuations.SetCurrent(chat.Key, page, next);
        var listPage = new ListPage(
            page.First,
            page.First + shown.Count - 1,
            total,
            page.Previous is { } previous ? new ReplyAction(ReplyActionKind.PreviousPage, previous) : null,
            next is null ? null : new ReplyAction(ReplyActionKind.NextPage, next.Token));
        return new ListReply(heading, cards, listPage, []);
    }

    public static BulletinCard Card(Bulletin bulletin, SearchQuery? query) => new(
        bulletin.ShortId,
        query is null ? MarkedText.Plain(bulletin.Title) : Snippets.Build(bulletin.Title, query, int.MaxValue),
        bulletin.Date,
        bulletin.EndDate,
        bulletin.Source,
        query is null ? MarkedText.Plain(Shorten(bulletin.Paragraphs[0], 220)) : Snippets.Build(bulletin.Body, query));

    /// <summary>Text cut at a word, with an ellipsis, for headings and snippets.</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        var end = TextCut.Floor(text, cut > max / 2 ? cut : max - 1);
        return text[..end].TrimEnd(',', ';', ':', ' ') + TextCut.Ellipsis;
    }
}
