using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Storage;

/// <summary>Listing pages: an expired page is never answered, and its rows go at the next sweep, at most one an hour.</summary>
public sealed class ContinuationStoreTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly BulletinDatabase _database = BulletinDatabase.InMemory();

    [Fact]
    public void Expired_pages_are_refused_at_once_and_their_rows_swept_at_most_once_an_hour()
    {
        var continuations = new ContinuationStore(_database, _time);
        var rows = _database.Database.GetCollection(BulletinDatabase.Continuations);
        var first = Show(continuations, "telegram:1");

        _time.Advance(TimeSpan.FromHours(23.5));
        Show(continuations, "telegram:2");
        Assert.Equal(4, rows.Count());

        // 24 h 10 min after the first page: it has expired, but the last sweep was 40 minutes ago.
        _time.Advance(TimeSpan.FromMinutes(40));
        Show(continuations, "telegram:3");
        Assert.Null(continuations.Find("telegram:1", first.Token));
        Assert.Null(continuations.Current("telegram:1", next: false));
        Assert.Equal(6, rows.Count());

        // An hour after that sweep, the next page shown sweeps the first chat's rows.
        _time.Advance(TimeSpan.FromMinutes(25));
        Show(continuations, "telegram:4");
        Assert.Equal(6, rows.Count());
        Assert.DoesNotContain(rows.FindAll(), row => row["chat"].AsString == "telegram:1");
    }

    private static ListingPage Show(ContinuationStore continuations, string chat)
    {
        var page = continuations.Start(chat, ListingKinds.Latest, string.Empty, 5);
        continuations.SetCurrent(chat, page, null);
        return page;
    }

    public void Dispose() => _database.Dispose();
}
