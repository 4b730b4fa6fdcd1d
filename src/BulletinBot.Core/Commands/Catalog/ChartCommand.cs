using System.Globalization;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search.Index;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Commands;

/// <summary>Items per month (per year over long spans), of the whole archive or of a search, as a chart.</summary>
public sealed record ChartCommand(string Query) : Command
{
    /// <summary>Over this many months a bar counts a year, so a chart of a long archive stays readable.</summary>
    public const int MaxMonthlyBars = 36;

    public static CommandSpec Spec { get; } = new(
        "chart", "grafico", ["graph", "gráfico"],
        [new("query", ArgumentKind.Text, false, 1, CommandCatalog.MaxQueryLength,
            "A search to chart (words, \"a phrase\", -word, from:/to:); none charts the whole archive",
            "Una búsqueda (palabras, \"frase\", -palabra, from:/to:); sin ella, todo el archivo")],
        "Items per month (per year over long spans) of the whole archive or a search, as a chart",
        "Noticias por mes (por año en periodos largos) de todo el archivo o de una búsqueda, en un gráfico",
        "chart migration from:2018",
        text => new ChartCommand(text))
    {
        NameFr = "graphique",
        NamePt = "grafico",
        DescriptionFr = "Articles par mois (par an sur de longues périodes) de toute l'archive ou d'une recherche, en graphique",
        DescriptionPt = "Notícias por mês (por ano em períodos longos) de todo o arquivo ou de uma pesquisa, em gráfico",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        var say = BotText.For(chat);
        var parsed = SearchQueryParser.Parse(Query, new SearchOptions { AllowOnlyDates = true });
        if (parsed.Query is not { } query)
        {
            return new ErrorReply(parsed.Error ?? say.SearchNotUnderstood, string.Empty);
        }

        var search = handler.Listings.Search;
        var whole = query.Terms.Count == 0 && query.Phrases.Count == 0;
        var dated = whole ? search.DatesOfAll(query.From, query.To) : search.DatesOf(query with { ForgivesTypos = false });
        var shown = Listings.Shorten(Query, 80);
        if (dated.Dates.Count == 0)
        {
            return whole
                ? new ErrorReply(say.ChartNothingDated, say.ChartNothingDatedHint) { IsEmptyResult = true }
                : new ErrorReply(say.NothingMatches(shown), say.NothingMatchesHint) { IsEmptyResult = true };
        }

        return Draw(dated, whole ? null : shown, say);
    }

    /// <summary>The bars of <paramref name="dated"/>, per month, or per year when that would be more than <see cref="MaxMonthlyBars"/> bars.</summary>
    internal static ChartReply Draw(DatedDocuments dated, string? query, BotText say)
    {
        var first = dated.Dates.Min();
        var last = dated.Dates.Max();
        var months = (last.Year - first.Year) * 12 + last.Month - first.Month + 1;
        var period = months > MaxMonthlyBars ? ChartPeriod.Year : ChartPeriod.Month;
        var counts = new SortedDictionary<DateOnly, int>();
        for (var start = Start(first, period); start <= last; start = period == ChartPeriod.Month ? start.AddMonths(1) : start.AddYears(1))
        {
            counts[start] = 0;
        }

        foreach (var day in dated.Dates)
        {
            counts[Start(day, period)]++;
        }

        var bars = counts.Select(c => new ChartBar(c.Key, period == ChartPeriod.Month ? say.ChartMonthLabel(c.Key) : c.Key.Year.ToString(CultureInfo.InvariantCulture), c.Value)).ToList();
        var heading = period == ChartPeriod.Month ? say.ChartPerMonth : say.ChartPerYear;
        var notes = new List<string> { say.ChartCaption(dated.Dates.Count, say.MonthAndYear(first), say.MonthAndYear(last)) };
        if (dated.Undated > 0)
        {
            notes.Add(say.ChartUndated(dated.Undated));
        }

        if (!dated.Complete)
        {
            notes.Add(say.ChartFirstMatches(dated.Dates.Count + dated.Undated));
        }

        return new ChartReply(
            query is null ? heading : say.ChartOfSearch(heading, query),
            period == ChartPeriod.Month ? say.ChartMonthAxis : say.ChartYearAxis,
            say.ChartCountAxis,
            period,
            bars,
            string.Join(' ', notes));
    }

    private static DateOnly Start(DateOnly day, ChartPeriod period) => new(day.Year, period == ChartPeriod.Month ? day.Month : 1, 1);
}
