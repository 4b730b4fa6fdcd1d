namespace BulletinBot.Core.Commands;

/// <summary>How long one bar of a chart is.</summary>
public enum ChartPeriod
{
    Month,
    Year,
}

/// <summary>
/// Items counted per month or per year, as data: the adapters draw it (a picture on Telegram and Discord, a bar chart
/// in the terminal). Every word is already in the reader's language; nothing here is drawn or escaped.
/// </summary>
/// <param name="Title">"Items per month", or "Items per month matching “migration”".</param>
/// <param name="PeriodAxis">The label of the axis of periods: "Month", "Year".</param>
/// <param name="CountAxis">The label of the axis of counts: "Items".</param>
/// <param name="Bars">One bar per period, oldest first, with no period left out between the first and the last.</param>
/// <param name="Caption">One line that says what the chart counts: "42 items, January 2018 to March 2019."</param>
public sealed record ChartReply(string Title, string PeriodAxis, string CountAxis, ChartPeriod Period, IReadOnlyList<ChartBar> Bars, string Caption) : Reply
{
    /// <summary>The items the bars count.</summary>
    public int Total => Bars.Sum(b => b.Count);

    /// <summary>The file name a platform gives the picture.</summary>
    public const string FileName = "chart.png";
}

/// <summary>One bar: the period it counts (its first day), its label in the reader's language ("Jan 2018", "2018") and its count.</summary>
public sealed record ChartBar(DateOnly Start, string Label, int Count);
