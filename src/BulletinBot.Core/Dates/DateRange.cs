namespace BulletinBot.Core.Dates;

/// <summary>An inclusive range of days.</summary>
public sealed record DateRange(DateOnly From, DateOnly To)
{
    public static DateRange Day(DateOnly day) => new(day, day);

    public override string ToString() =>
        From == To ? From.ToString("yyyy-MM-dd") : $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}";
}
