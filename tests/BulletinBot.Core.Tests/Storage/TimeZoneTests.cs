using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Storage;

[CollectionDefinition(nameof(LocalTimeZone), DisableParallelization = true)]
public sealed class LocalTimeZone;

/// <summary>
/// LiteDB hands stored times back in the machine's local zone. On a server set to another zone than UTC the store must
/// still read the moments it wrote, so these tests move the process to UTC+14 while they run (and run alone).
/// </summary>
[Collection(nameof(LocalTimeZone))]
public sealed class TimeZoneTests : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable("TZ");
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"bulletinbot-tz-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    public TimeZoneTests()
    {
        Environment.SetEnvironmentVariable("TZ", "Pacific/Kiritimati");
        TimeZoneInfo.ClearCachedData();
    }

    [SkippableFact]
    public void A_source_read_back_carries_the_moment_it_was_written()
    {
        Skip.If(TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.FromHours(14), "this machine has no time zone database");
        var ingested = _time.GetUtcNow();
        using (var database = BulletinDatabase.Open(_path))
        {
            new BulletinStore(database, _time).UpsertBatch([], new SourceState("seeds/a.txt", "abc", 0, ingested));
        }

        using var reopened = BulletinDatabase.Open(_path);
        Assert.Equal(ingested, new BulletinStore(reopened, _time).GetSource("seeds/a.txt")!.IngestedAt);
    }

    [SkippableFact]
    public void A_listing_page_expires_a_day_after_it_was_shown_whatever_the_zone()
    {
        Skip.If(TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.FromHours(14), "this machine has no time zone database");
        using var database = BulletinDatabase.Open(_path);
        var continuations = new ContinuationStore(database, _time);
        var page = continuations.Start("telegram:1", ListingKinds.Latest, "", 5);
        continuations.SetCurrent("telegram:1", page, null);

        _time.Advance(TimeSpan.FromHours(23));
        Assert.NotNull(continuations.Find("telegram:1", page.Token));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Null(continuations.Find("telegram:1", page.Token));
        Assert.Null(continuations.Current("telegram:1", next: false));
    }

    [SkippableFact]
    public void Expired_listing_pages_are_swept_at_the_right_moment_whatever_the_zone()
    {
        Skip.If(TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.FromHours(14), "this machine has no time zone database");
        using var database = BulletinDatabase.Open(_path);
        var continuations = new ContinuationStore(database, _time);
        var rows = database.Database.GetCollection(BulletinDatabase.Continuations);
        continuations.SetCurrent("telegram:1", continuations.Start("telegram:1", ListingKinds.Latest, "", 5), null);
        var written = rows.Count();

        _time.Advance(TimeSpan.FromHours(23));
        continuations.SetCurrent("telegram:2", continuations.Start("telegram:2", ListingKinds.Latest, "", 5), null);
        Assert.Equal(written + 2, rows.Count());

        _time.Advance(TimeSpan.FromHours(2));
        continuations.SetCurrent("telegram:3", continuations.Start("telegram:3", ListingKinds.Latest, "", 5), null);
        Assert.Equal(4, rows.Count());
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TZ", _previous);
        TimeZoneInfo.ClearCachedData();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }
}
