using System.Globalization;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using BulletinBot.TestServers;
using Npgsql;

namespace BulletinBot.Postgres.Tests;

/// <summary>
/// The change sequence is read in commit order: a follower that has seen number N never later meets a number below N.
/// Writers only insert here, so the numbers a follower must see are exactly 1..total, each once and in order; a
/// number taken before it became visible (the bigserial trap) shows as a gap the moment the follower passes it.
/// </summary>
public sealed class ChangeSequenceTests
{
    private const int Total = 10_000;
    private const int Writers = 4;

    [Fact]
    public async Task A_follower_beside_concurrent_writers_sees_every_change_once_and_in_order()
    {
        await using var dataSource = await OpenAsync();
        var store = new PostgresBulletinStore(dataSource, TimeProvider.System);
        var next = 0;
        var written = 0;
        using var done = new CancellationTokenSource();

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            var random = new Random(w * 7919 + Environment.TickCount);
            while (true)
            {
                var size = random.Next(1, 9);
                var first = Interlocked.Add(ref next, size) - size;
                if (first >= Total)
                {
                    return;
                }

                var items = Enumerable.Range(first, Math.Min(size, Total - first)).Select(Item).ToList();
                store.UpsertPages([new PageWrite(items, null)]);
                Interlocked.Add(ref written, items.Count);
                if (random.Next(4) == 0)
                {
                    Thread.Yield();
                }
            }
        })).ToList();

        var seen = new List<long>(Total);
        var follower = Task.Run(() =>
        {
            long position = 0;
            while (seen.Count < Total)
            {
                var changes = store.ChangesAfter(position, 250);
                foreach (var change in changes)
                {
                    // Skipped or seen twice would both break this: every number comes right after the one before.
                    Assert.Equal(position + 1, change.Sequence);
                    Assert.False(change.IsEdit);
                    position = change.Sequence;
                    seen.Add(position);
                }

                if (changes.Count == 0 && Volatile.Read(ref written) >= Total && store.ChangesAfter(position, 1).Count == 0)
                {
                    break;
                }
            }
        });

        await Task.WhenAll(writers);
        await follower.WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(Total, seen.Count);
        Assert.Equal(Total, store.LastSequence());
        Assert.Equal(Total, store.Count());
    }

    [Fact]
    public async Task An_edit_takes_a_new_number_and_is_marked_as_one()
    {
        await using var dataSource = await OpenAsync();
        var store = new PostgresBulletinStore(dataSource, TimeProvider.System);
        var original = Item(1);
        store.UpsertPages([new PageWrite([original, Item(2)], null)]);

        var edited = original with { Paragraphs = ["A corrected body."] };
        var result = store.UpsertPages([new PageWrite([edited, Item(2)], null)])[0];

        Assert.Equal([edited], result.Updated);
        Assert.Equal(1, result.Unchanged);
        var change = Assert.Single(store.ChangesAfter(2, 10));
        Assert.Equal(3, change.Sequence);
        Assert.True(change.IsEdit);
        Assert.Equal(edited, change.Bulletin);
        Assert.Equal(3, store.LastSequence());
    }

    [Fact]
    public async Task A_failed_write_takes_no_number()
    {
        await using var dataSource = await OpenAsync();
        var store = new PostgresBulletinStore(dataSource, TimeProvider.System);
        store.UpsertPages([new PageWrite([Item(1)], null)]);

        // PostgreSQL refuses a NUL character in text: the third item fails after two were written, and the whole write is undone.
        Assert.ThrowsAny<NpgsqlException>(() => store.UpsertPages([new PageWrite([Item(2), Item(3), Item(5) with { Title = "Bad\0title" }], null)]));

        Assert.Equal(1, store.LastSequence());
        store.UpsertPages([new PageWrite([Item(4)], null)]);
        Assert.Equal([1L, 2L], store.ChangesAfter(0, 10).Select(c => c.Sequence));
    }

    internal static async Task<NpgsqlDataSource> OpenAsync()
    {
        var dataSource = NpgsqlDataSource.Create(PostgresServer.Shared.CreateDatabase());
        await SchemaMigrator.ApplyAsync(dataSource, CancellationToken.None);
        return dataSource;
    }

    internal static Bulletin Item(int n) => new(
        $"item-{n.ToString("D6", CultureInfo.InvariantCulture)}",
        "Cuba in USA",
        $"Item {n}",
        [$"Body of item {n}."],
        new DateOnly(2018, 1, 1).AddDays(n % 3000));
}
