using BulletinBot.Core.Chats;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>Items by date: a day, a month, a year or a range, in English or Spanish.</summary>
public sealed record DateCommand(string When) : Command
{
    public static CommandSpec Spec { get; } = new(
        "date", "fecha", ["on", "dates"],
        [new("when", ArgumentKind.Text, true, 1, 100,
            "A day, month, year or range: 2018-07-11, July 2018, 2018-01..2018-03", "Un día, mes, año o rango: 2018-07-11, julio de 2018")],
        "Items by date: a day, month, year or range, today or yesterday, in English or Spanish",
        "Noticias por fecha: día, mes, año o rango, hoy o ayer, en español o inglés",
        "date July 2018",
        text => new DateCommand(text))
    {
        NameFr = "date",
        NamePt = "data",
        DescriptionFr = "Articles par date : un jour, un mois, une année ou une période",
        DescriptionPt = "Notícias por data: dia, mês, ano ou intervalo, hoje ou ontem",
        ShowPage = Page,
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat) =>
        handler.Listings.Show(chat, handler.Listings.Begin(chat, ListingKinds.Date, When, Listings.PageSize));

    private static Reply Page(Listings listings, ChatContext chat, ListingPage page)
    {
        var say = BotText.For(chat);
        var (when, sourceName) = SourceSyntax.Split(page.Argument);
        var parsed = WhenParser.Parse(when, listings.Clock.Today, say);
        if (parsed.Range is not { } range)
        {
            return new ErrorReply(parsed.Error ?? say.DateNotUnderstood, string.Empty);
        }

        if (SourceFilter.Resolve(listings.Sources, sourceName, say, out var source) is { } unknown)
        {
            return unknown;
        }

        var store = listings.Store;
        var total = store.CountByDate(range, source?.Origin);
        if (total == 0)
        {
            var statistics = store.Statistics();
            var span = statistics.Oldest is { } oldest && statistics.Newest is { } newest
                ? say.ArchiveRuns(say.Day(oldest), say.Day(newest))
                : say.ArchiveNoDated;
            return new ErrorReply(say.NothingDated(Describe(range, say)), span) { IsEmptyResult = true };
        }

        var items = store.ByDate(range, page.After, page.PageSize + 1, source?.Origin);
        if (items.Count == 0)
        {
            return new ErrorReply(say.NoMoreForDate, say.NoMoreForDateHint);
        }

        var shown = items.Take(page.PageSize).ToList();
        return listings.Page(chat, page, SourceFilter.Heading(say.DatedHeading(Describe(range, say)), source, say), shown.Select(b => Listings.Card(b, null)).ToList(), shown, items.Count > page.PageSize, total);
    }

    /// <summary>"2018-06-14" ("14 de junio de 2018"), "January 2018", "2018", else the range as typed back.</summary>
    private static string Describe(DateRange range, BotText say)
    {
        var (from, to) = (range.From, range.To);
        if (from.Day == 1 && to == from.AddMonths(1).AddDays(-1))
        {
            return say.MonthAndYear(from);
        }

        if (from.Day == 1 && from.Month == 1 && to == new DateOnly(from.Year, 12, 31))
        {
            return $"{from.Year}";
        }

        return from == to ? say.Day(from) : range.ToString();
    }
}
