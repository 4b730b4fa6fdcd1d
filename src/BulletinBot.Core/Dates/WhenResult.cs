namespace BulletinBot.Core.Dates;

/// <summary>The outcome of reading a "when" expression: a range of days, or an error to show the user.</summary>
public sealed record WhenResult(DateRange? Range, string? Error)
{
    public bool Success => Range is not null;

    internal static WhenResult Ok(DateRange range) => new(range, null);

    internal static WhenResult Fail(string error) => new(null, error);
}
