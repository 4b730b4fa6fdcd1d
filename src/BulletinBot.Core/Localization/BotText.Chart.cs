using System.Globalization;

namespace BulletinBot.Core.Localization;

/// <summary>The words of the chart command.</summary>
public sealed partial class BotText
{
    public string ChartPerMonth => Get(nameof(ChartPerMonth));

    public string ChartPerYear => Get(nameof(ChartPerYear));

    public string ChartOfSearch(object heading, object query) => Format(nameof(ChartOfSearch), heading, query);

    public string ChartMonthAxis => Get(nameof(ChartMonthAxis));

    public string ChartYearAxis => Get(nameof(ChartYearAxis));

    public string ChartCountAxis => Get(nameof(ChartCountAxis));

    public string ChartCaption(object count, object first, object last) => Format(nameof(ChartCaption), count, first, last);

    public string ChartUndated(object count) => Format(nameof(ChartUndated), count);

    public string ChartFirstMatches(object count) => Format(nameof(ChartFirstMatches), count);

    public string ChartNothingDated => Get(nameof(ChartNothingDated));

    public string ChartNothingDatedHint => Get(nameof(ChartNothingDatedHint));

    /// <summary>A month as a bar's label: "Jan 2018", "ene 2018".</summary>
    public string ChartMonthLabel(DateOnly month) =>
        $"{Get("ChartMonthNames").Split(' ', StringSplitOptions.RemoveEmptyEntries)[month.Month - 1]} {month.Year.ToString(CultureInfo.InvariantCulture)}";
}
