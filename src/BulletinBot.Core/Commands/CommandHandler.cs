using BulletinBot.Core.Text;
using System.Globalization;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Commands;

/// <summary>Answers every command with a platform-neutral <see cref="Reply"/>.</summary>
public sealed class CommandHandler(
    BulletinStore store,
    BulletinSearch search,
    ContinuationStore continuations,
    TimeProvider time,
    Subscriptions? subscriptions = null,
    SourceStatusBoard? sourceStatus = null)
{
    private readonly SubscriptionCommands _subscriptions = new(subscriptions, time);

    public const int PageSize = 5;

    public Task<Reply> HandleAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chat);
        cancellationToken.ThrowIfCancellationRequested();
        Reply reply = command switch
        {
            LatestCommand latest => Latest(chat, latest.Requested),
            SearchCommand query => List(chat, Begin(chat, ListingKinds.Search, query.Query, PageSize)),
            DateCommand date => List(chat, Begin(chat, ListingKinds.Date, date.When, PageSize)),
            ShowCommand show => Show(show.Id),
            NextCommand next => Resume(chat, next.Token, forward: true),
            PreviousCommand previous => Resume(chat, previous.Token, forward: false),
            HelpCommand help => Help(help.Topic),
            StatsCommand => Stats(),
            SubscribeCommand subscribe => _subscriptions.Subscribe(chat, subscribe),
            SubscriptionsCommand => _subscriptions.List(chat),
            UnsubscribeCommand unsubscribe => _subscriptions.Unsubscribe(chat, unsubscribe.Number),
            InvalidCommand invalid => new ErrorReply(invalid.Problem, invalid.Hint),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unhandled command."),
        };
        return Task.FromResult(reply);
    }

    private Reply Latest(ChatContext chat, int requested)
    {
        var count = Math.Min(requested, CommandCatalog.MaxLatest);
        var page = Begin(chat, ListingKinds.Latest, string.Empty, count);
        var reply = List(chat, page);
        return requested > CommandCatalog.MaxLatest && reply is ListReply list
            ? list with { Notes = [$"Showing {CommandCatalog.MaxLatest}, the most at once{(chat.RemembersListings ? "; type next for more" : string.Empty)}."] }
            : reply;
    }

    /// <summary>The first page of a listing: remembered where the chat pages, else only in hand.</summary>
    private ListingPage Begin(ChatContext chat, string kind, string argument, int pageSize) => chat.RemembersListings
        ? continuations.Start(chat.Key, kind, argument, pageSize)
        : new ListingPage(string.Empty, kind, argument, pageSize, 1, null, [], null);

    private Reply Resume(ChatContext chat, string? token, bool forward)
    {
        var verb = forward ? "next" : "previous";
        if (!chat.RemembersListings)
        {
            return new ErrorReply(
                $"A single question remembers no listing, so there is no {verb} page to show.",
                "Page with next and previous in the chat (BulletinBot with no verb), or ask for more at once, e.g. latest 20.");
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
                    ? new ErrorReply("There is nothing to continue.", "Start with latest, search <words> or date <when>.")
                    : new ErrorReply("There is no page before this one.", $"Type {verb} only while paging through a listing.");
            }
        }

        return continuations.Find(chat.Key, token) is { } page
            ? List(chat, page)
            : new ErrorReply("That listing has expired.", "Run the command again to get a fresh one.");
    }

    private Reply List(ChatContext chat, ListingPage page) => page.Kind switch
    {
        ListingKinds.Latest => Latest(chat, page),
        ListingKinds.Search => Search(chat, page),
        ListingKinds.Date => ByDate(chat, page),
        _ => new ErrorReply("That listing can no longer be continued.", "Run it again."),
    };

    private Reply Latest(ChatContext chat, ListingPage page)
    {
        // One item more than the page tells whether there is a next page without counting the
        // whole archive, which at 100k items would cost more than the answer itself.
        var items = store.Latest(page.After, page.PageSize + 1);
        if (items.Count == 0)
        {
            return page.First == 1
                ? new ErrorReply("The archive is empty: no bulletins have been ingested yet.", "Add pages to the seeds folder, or wait for the next ingest.") { IsEmptyResult = true }
                : new ErrorReply("That's everything: there are no older items.", "Type latest to start from the newest again.");
        }

        var shown = items.Take(page.PageSize).ToList();
        var more = items.Count > page.PageSize;
        var heading = page.First == 1 ? "Latest" : "Latest, continued";
        return Page(chat, page, heading, shown.Select(b => Card(b, null)).ToList(), shown, more, more ? null : page.First + shown.Count - 1);
    }

    private Reply Search(ChatContext chat, ListingPage page)
    {
        var parsed = SearchQueryParser.Parse(page.Argument);
        if (parsed.Query is not { } query)
        {
            return new ErrorReply(parsed.Error ?? "That search could not be understood.", string.Empty);
        }

        // Paging skips the items already shown rather than an offset, so an item stored meanwhile
        // that ranks higher comes next instead of pushing an unseen one off the page.
        var seen = page.Shown.ToHashSet(StringComparer.Ordinal);
        var results = search.Find(query, 0, seen.Count + page.PageSize + 1);
        var unseen = results.Hits.Where(h => !seen.Contains(h.BulletinId)).ToList();
        var shown = search.Read(unseen.Take(page.PageSize));
        if (shown.Count == 0)
        {
            return page.First == 1
                ? new ErrorReply($"Nothing matches {Shorten(page.Argument, 80)}.", "Try fewer or other words, or drop a from:/to: filter.") { IsEmptyResult = true }
                : new ErrorReply("There are no more results.", "Try other words for more.");
        }

        var more = unseen.Count > page.PageSize;
        int? total = results.TotalIsExact ? Math.Max(results.Total, page.First + shown.Count - 1) : null;
        return Page(chat, page, $"Search: {Shorten(page.Argument, 80)}", shown.Select(b => Card(b, query)).ToList(), shown, more, total);
    }

    private Reply ByDate(ChatContext chat, ListingPage page)
    {
        var parsed = WhenParser.Parse(page.Argument, DateOnly.FromDateTime(time.GetLocalNow().DateTime));
        if (parsed.Range is not { } range)
        {
            return new ErrorReply(parsed.Error ?? "That date could not be understood.", string.Empty);
        }

        var total = store.CountByDate(range);
        if (total == 0)
        {
            var statistics = store.Statistics();
            var span = statistics.Oldest is { } oldest && statistics.Newest is { } newest
                ? $"The archive runs from {oldest:yyyy-MM-dd} to {newest:yyyy-MM-dd}."
                : "The archive has no dated items yet.";
            return new ErrorReply($"Nothing is dated {Describe(range)}.", span) { IsEmptyResult = true };
        }

        var items = store.ByDate(range, page.After, page.PageSize + 1);
        if (items.Count == 0)
        {
            return new ErrorReply("There are no more items for that date.", "Try a wider date, like a month or a year.");
        }

        var shown = items.Take(page.PageSize).ToList();
        return Page(chat, page, $"Dated {Describe(range)}", shown.Select(b => Card(b, null)).ToList(), shown, items.Count > page.PageSize, total);
    }

    private ListReply Page(ChatContext chat, ListingPage page, string heading, IReadOnlyList<BulletinCard> cards, IReadOnlyList<Bulletin> shown, bool more, int? total)
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

    private Reply Show(string id)
    {
        var wanted = id.Trim().ToLowerInvariant();
        if (!BulletinId.LooksLikeId(wanted))
        {
            return new ErrorReply(
                $"\"{Shorten(id, 30)}\" is not an item id.",
                $"Ids are {BulletinId.ShortLength} letters and digits, like the ones latest and search show.");
        }

        var matches = store.FindByIdPrefix(wanted, 6);
        return matches.Count switch
        {
            0 => new ErrorReply($"No item has the id {wanted}.", "Ids appear in latest, search and date."),
            1 => new ItemReply(Item(matches[0])),
            _ => new ListReply(
                $"Several items start with {wanted}; give more of the id:",
                matches.Take(5).Select(b => Card(b, null)).ToList(),
                ListPage.Whole(Math.Min(matches.Count, 5)),
                []),
        };
    }

    private StatsReply Stats()
    {
        var statistics = store.Statistics();
        return new StatsReply(statistics.Total, statistics.Undated, statistics.Oldest, statistics.Newest, statistics.Sources)
        {
            Fetches = sourceStatus?.All() ?? [],
            Announcements = subscriptions?.Statistics(),
        };
    }

    private static HelpReply Help(string? topic)
    {
        var wanted = topic?.Trim().TrimStart('/');
        if (!string.IsNullOrEmpty(wanted) && CommandCatalog.Find(wanted.Split(' ')[0]) is { } spec)
        {
            return new HelpReply($"{spec.Usage}: {spec.Description}.", [spec]);
        }

        return new HelpReply(
            "BulletinBot searches and lists the news archive. Commands:",
            CommandCatalog.All.Where(c => c.ListedInMenus).ToList());
    }

    public static BulletinItem Item(Bulletin bulletin)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        return new(bulletin.ShortId, bulletin.Title, bulletin.Date, bulletin.EndDate, bulletin.Source, bulletin.Paragraphs, bulletin.Link);
    }

    private static BulletinCard Card(Bulletin bulletin, SearchQuery? query) => new(
        bulletin.ShortId,
        query is null ? MarkedText.Plain(bulletin.Title) : Snippets.Build(bulletin.Title, query, int.MaxValue),
        bulletin.Date,
        bulletin.EndDate,
        bulletin.Source,
        query is null ? MarkedText.Plain(Shorten(bulletin.Paragraphs[0], 220)) : Snippets.Build(bulletin.Body, query));

    /// <summary>"2018-06-14", "January 2018", "2018", else the range as typed back.</summary>
    private static string Describe(DateRange range)
    {
        var (from, to) = (range.From, range.To);
        if (from.Day == 1 && to == from.AddMonths(1).AddDays(-1))
        {
            return from.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        }

        if (from.Day == 1 && from.Month == 1 && to == new DateOnly(from.Year, 12, 31))
        {
            return $"{from.Year}";
        }

        return range.ToString();
    }

    private static string Shorten(string text, int max)
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
