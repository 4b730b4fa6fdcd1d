using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;

namespace BulletinBot.Core.Commands;

/// <summary>Answers every command with a platform-neutral <see cref="Reply"/>.</summary>
public sealed class CommandHandler(
    BulletinStore store,
    BulletinSearch search,
    ContinuationStore continuations,
    TimeProvider time)
{
    public const int PageSize = 5;

    public Task<Reply> HandleAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        var reply = command switch
        {
            LatestCommand latest => Latest(chat, Math.Min(latest.Requested, CommandParser.MaxLatest), 0,
                latest.Requested > CommandParser.MaxLatest ? $"Showing {CommandParser.MaxLatest}, the most at once; type next for more." : null),
            SearchCommand query => Search(chat, query.Query, 0, PageSize),
            DateCommand date => ByDate(chat, date.When, 0, PageSize),
            ShowCommand show => Show(show.Id),
            NextCommand next => Next(chat, next.Token),
            HelpCommand help => Help(help.Topic),
            StatsCommand => Stats(),
            InvalidCommand invalid => Reply.Error(invalid.Message),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unhandled command."),
        };
        return Task.FromResult(reply);
    }

    private Reply Next(ChatContext chat, string? token)
    {
        var continuation = continuations.Find(chat, token);
        if (continuation is null)
        {
            return Reply.Error(token is null
                ? "There is nothing to continue. Start with latest, search <words> or date <when>."
                : "That listing has expired. Run the search again.");
        }

        return continuation.Kind switch
        {
            "latest" => Latest(chat, continuation.PageSize, continuation.Offset, null),
            "search" => Search(chat, continuation.Argument, continuation.Offset, continuation.PageSize),
            "date" => ByDate(chat, continuation.Argument, continuation.Offset, continuation.PageSize),
            _ => Reply.Error("That listing can no longer be continued. Run it again."),
        };
    }

    private Reply Latest(ChatContext chat, int count, int offset, string? note)
    {
        // One item more than the page tells whether there is a next page without counting the
        // whole archive, which at 100k items would cost more than the answer itself.
        var items = store.Latest(offset, count + 1);
        if (items.Count == 0)
        {
            return Reply.Error(offset == 0
                ? "The archive is empty: no bulletins have been ingested yet."
                : "That's everything: there are no older items.");
        }

        var page = items.Take(count).ToList();
        var more = items.Count > count;
        return new Reply
        {
            Kind = ReplyKind.List,
            Heading = offset == 0 ? "Latest" : "Latest, continued",
            Cards = page.Select(b => ListCard(b, null)).ToList(),
            Notes = note is null ? [] : [note],
            Paging = Paging(chat, new Continuation("latest", string.Empty, offset, count), page.Count,
                offset + page.Count + (more ? 1 : 0), exact: !more),
        };
    }

    private Reply Search(ChatContext chat, string text, int offset, int pageSize)
    {
        var parsed = SearchQueryParser.Parse(text);
        if (parsed.Query is not { } query)
        {
            return Reply.Error(parsed.Error ?? "That search could not be understood.");
        }

        var page = search.Search(query, offset, pageSize);
        if (page.Bulletins.Count == 0)
        {
            return Reply.Error(offset == 0
                ? $"Nothing matches {Shorten(text, 80)}. Try fewer or other words, or drop a from:/to: filter."
                : "There are no more results.");
        }

        return new Reply
        {
            Kind = ReplyKind.List,
            Heading = $"Search: {Shorten(text, 80)}",
            Cards = page.Bulletins.Select(b => ListCard(b, query)).ToList(),
            Paging = Paging(chat, new Continuation("search", text, offset, pageSize), page.Bulletins.Count,
                page.Results.Total, page.Results.TotalIsExact),
        };
    }

    private Reply ByDate(ChatContext chat, string when, int offset, int pageSize)
    {
        var parsed = WhenParser.Parse(when, DateOnly.FromDateTime(time.GetLocalNow().DateTime));
        if (parsed.Range is not { } range)
        {
            return Reply.Error(parsed.Error ?? "That date could not be understood.");
        }

        var total = store.CountByDate(range);
        if (total == 0)
        {
            var statistics = store.Statistics();
            var span = statistics.Oldest is { } oldest && statistics.Newest is { } newest
                ? $" The archive runs from {oldest:yyyy-MM-dd} to {newest:yyyy-MM-dd}."
                : string.Empty;
            return Reply.Error($"Nothing is dated {Describe(range)}.{span}");
        }

        var items = store.ByDate(range, offset, pageSize);
        if (items.Count == 0)
        {
            return Reply.Error("There are no more items for that date.");
        }

        return new Reply
        {
            Kind = ReplyKind.List,
            Heading = $"Dated {Describe(range)}",
            Cards = items.Select(b => ListCard(b, null)).ToList(),
            Paging = Paging(chat, new Continuation("date", when, offset, pageSize), items.Count, total, exact: true),
        };
    }

    private Reply Show(string id)
    {
        var wanted = id.Trim().ToLowerInvariant();
        if (!BulletinId.LooksLikeId(wanted))
        {
            return Reply.Error($"\"{Shorten(id, 30)}\" is not an item id. Ids are {BulletinId.ShortLength} letters and digits, like the ones latest and search show.");
        }

        var matches = store.FindByIdPrefix(wanted, 6);
        return matches.Count switch
        {
            0 => Reply.Error($"No item has the id {wanted}. Ids appear in latest, search and date."),
            1 => new Reply
            {
                Kind = ReplyKind.Item,
                Cards = [new ReplyCard(matches[0].ShortId, Plain(matches[0].Title), matches[0].Date, matches[0].EndDate,
                    matches[0].Source, null, matches[0].Paragraphs)],
            },
            _ => new Reply
            {
                Kind = ReplyKind.List,
                Heading = $"Several items start with {wanted}; give more of the id:",
                Cards = matches.Take(5).Select(b => ListCard(b, null)).ToList(),
            },
        };
    }

    private Reply Stats()
    {
        var statistics = store.Statistics();
        var notes = new List<string>
        {
            $"{statistics.Total} items from {statistics.Sources.Count} source{(statistics.Sources.Count == 1 ? string.Empty : "s")}.",
        };
        if (statistics.Oldest is { } oldest && statistics.Newest is { } newest)
        {
            notes.Add($"Dated from {oldest:yyyy-MM-dd} to {newest:yyyy-MM-dd}.");
        }

        if (statistics.Undated > 0)
        {
            notes.Add($"{statistics.Undated} item{(statistics.Undated == 1 ? " has" : "s have")} no date.");
        }

        notes.AddRange(statistics.Sources.Select(s => $"{s.Source}: {s.Count}"));
        return new Reply { Kind = ReplyKind.Stats, Heading = "What the archive holds", Notes = notes };
    }

    private static Reply Help(string? topic)
    {
        IReadOnlyList<HelpEntry> entries =
        [
            new("latest [n]", $"The newest items, {CommandParser.DefaultLatest} unless you say how many (at most {CommandParser.MaxLatest}).", "latest 10"),
            new("search <words>", "Ranked search. All words must match; \"quotes\" for a phrase, -word to exclude, from:/to: for dates.", "search migration talks from:2018-01-01"),
            new("date <when>", "Items by date: a day, a month, a year, a range, today or yesterday. English or Spanish.", "date July 2018"),
            new("show <id>", "One item in full. Ids appear beside every item.", "show k3j9x2a"),
            new("next", "The next page of the last listing.", "next"),
            new("stats", "What the archive holds.", "stats"),
            new("help", "This list.", "help"),
        ];
        var wanted = topic?.Trim().TrimStart('/');
        if (!string.IsNullOrEmpty(wanted))
        {
            var match = entries.Where(e => e.Usage.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count > 0)
            {
                entries = match;
            }
        }

        return new Reply
        {
            Kind = ReplyKind.Help,
            Heading = "BulletinBot searches and lists the news archive. Commands:",
            Help = entries,
        };
    }

    private ReplyPaging Paging(ChatContext chat, Continuation continuation, int shown, int total, bool exact)
    {
        var last = continuation.Offset + shown;
        var more = exact ? last < total : shown == continuation.PageSize;
        string? token = null;
        if (more)
        {
            token = continuations.Save(chat, continuation with { Offset = last });
        }
        else
        {
            continuations.Finish(chat);
        }

        return new ReplyPaging(
            continuation.Offset + 1,
            last,
            Math.Max(total, last),
            exact,
            token);
    }

    private static ReplyCard ListCard(Bulletin bulletin, SearchQuery? query) => new(
        bulletin.ShortId,
        query is null ? Plain(bulletin.Title) : Snippets.Build(bulletin.Title, query, int.MaxValue),
        bulletin.Date,
        bulletin.EndDate,
        bulletin.Source,
        query is null ? Plain(Shorten(bulletin.Paragraphs[0], 220)) : Snippets.Build(bulletin.Body, query),
        []);

    private static MarkedText Plain(string text) => new([new TextSpan(text, false)]);

    /// <summary>"2018-06-14", "January 2018", "2018", else the range as typed back.</summary>
    private static string Describe(DateRange range)
    {
        var (from, to) = (range.From, range.To);
        if (from.Day == 1 && to == from.AddMonths(1).AddDays(-1))
        {
            return from.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
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
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd(',', ';', ':', ' ') + "…";
    }
}
