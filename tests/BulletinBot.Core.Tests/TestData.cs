using BulletinBot.Core.Bulletins;

namespace BulletinBot.Core.Tests;

/// <summary>The real seed pages (copied next to the tests) and small hand-made bulletins.</summary>
internal static class TestData
{
    public static string SeedsFolder => Path.Combine(AppContext.BaseDirectory, "seeds");

    public static Bulletin Item(string title, DateOnly? date, params string[] paragraphs) =>
        new(BulletinId.Compute("Test source", title, date), "Test source", title,
            paragraphs.Length == 0 ? [$"Body of {title}."] : paragraphs, date);

    public static DateOnly Day(int year, int month, int day) => new(year, month, day);
}
