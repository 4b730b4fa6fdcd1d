using System.Buffers.Binary;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using LiteDB;

namespace BulletinBot.Tests.Shared;

/// <summary>One damaged store: its file (and log, when it has one) and how it was damaged.</summary>
internal sealed record DamagedStore(string Name, byte[] File, byte[]? Log)
{
    public override string ToString() => Name;
}

/// <summary>
/// A real store of many items written by the bot's own <see cref="BulletinStore"/>, every item's document as BSON
/// bytes (read by LiteDB from the intact file), and the store damaged in each of the ways the reliability table names.
/// </summary>
internal sealed class DamageCorpus : IDisposable
{
    private const int PageSize = 8192;

    private DamageCorpus(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>The intact store, checkpointed (no log).</summary>
    public byte[] Intact { get; private set; } = [];

    /// <summary>A store whose newest items are only in its log: the file, and the log with one confirmed transaction.</summary>
    public (byte[] File, byte[] Log) Logged { get; private set; }

    /// <summary>Every item as stored, by id.</summary>
    public Dictionary<string, Bulletin> Items { get; } = new(StringComparer.Ordinal);

    /// <summary>Every item's document as LiteDB serialises it, by id: the bytes a page holds.</summary>
    public Dictionary<string, byte[]> Bson { get; } = new(StringComparer.Ordinal);

    public static string[] VariantNames =>
    [
        .. Enumerable.Range(1, 10).Select(i => $"truncated-{i}"),
        "flips-997", "flips-4999", "flips-499", "zeroed-header", "zeroed-middle-page", "damaged-log",
    ];

    public static DamageCorpus Build(int items = 400)
    {
        var corpus = new DamageCorpus(Directory.CreateTempSubdirectory("bulletinbot-damage-").FullName);
        corpus.Write(items);
        return corpus;
    }

    public DamagedStore Variant(string name)
    {
        var file = (byte[])Intact.Clone();
        switch (name)
        {
            case var t when t.StartsWith("truncated-", StringComparison.Ordinal):
                // Cut points spread over where the items lie: the pages before the first item hold only the store's
                // empty collections and indexes, and a cut there would leave nothing to prove.
                var k = int.Parse(t["truncated-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var first = Bson.Values.Min(b => Intact.AsSpan().IndexOf(b) is var at and >= 0 ? at : int.MaxValue);
                return new(name, file[..(int)(first + ((long)file.Length - first) * k / 11 + (k * 613))], null);
            case "flips-997":
                return new(name, Flip(file, 8292, 997), null);
            case "flips-4999":
                return new(name, Flip(file, 8292, 4999), null);
            case "flips-499":
                return new(name, Flip(file, 8292, 499), null);
            case "zeroed-header":
                Array.Clear(file, 0, PageSize);
                return new(name, file, null);
            case "zeroed-middle-page":
                Array.Clear(file, file.Length / PageSize / 2 * PageSize, PageSize);
                return new(name, file, null);
            case "damaged-log":
                // Flips in the bodies of the log's pages: the documents there are damaged, the transaction stays confirmed.
                var log = (byte[])Logged.Log.Clone();
                for (var at = 100; at < log.Length; at += 997)
                {
                    if (at % PageSize >= 32)
                    {
                        log[at] ^= 0x55;
                    }
                }

                return new(name, (byte[])Logged.File.Clone(), log);
            default:
                throw new ArgumentException(name, nameof(name));
        }
    }

    /// <summary>Writes <paramref name="store"/> as a store file at <paramref name="path"/>, with its log beside it.</summary>
    public static void Place(DamagedStore store, string path)
    {
        System.IO.File.WriteAllBytes(path, store.File);
        var log = StoreRecovery.LogOf(path);
        if (store.Log is not null)
        {
            System.IO.File.WriteAllBytes(log, store.Log);
        }
        else if (System.IO.File.Exists(log))
        {
            System.IO.File.Delete(log);
        }
    }

    /// <summary>
    /// The ids of the items a page-by-page read must be able to keep: those whose whole BSON is still there, in one
    /// piece, in the damaged file or its log. Counted here from the bytes alone.
    /// </summary>
    public IReadOnlySet<string> IntactItems(DamagedStore store) =>
        Bson.Where(b => Contains(store.File, b.Value) || (store.Log is { } log && Contains(log, b.Value)))
            .Select(b => b.Key)
            .ToHashSet(StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static byte[] Flip(byte[] file, int from, int every)
    {
        for (var at = from; at < file.Length; at += every)
        {
            file[at] ^= 0x55;
        }

        return file;
    }

    private void Write(int count)
    {
        var path = Path.Combine(Folder, "intact.db");
        var all = Enumerable.Range(0, count).Select(NewItem).ToList();
        using (var database = BulletinDatabase.Open(path, "ingest"))
        {
            var store = new BulletinStore(database, TimeProvider.System);
            foreach (var batch in all.Chunk(40))
            {
                store.UpsertBatch(batch);
            }

            new CheckpointStore(database).Set("telegram.offset", 42);
        }

        Intact = System.IO.File.ReadAllBytes(path);

        // The same store again, with 60 more items committed to its log and not yet checkpointed into the file.
        var logged = Path.Combine(Folder, "logged.db");
        System.IO.File.Copy(path, logged);
        var more = Enumerable.Range(count, 60).Select(NewItem).ToList();
        using (var database = BulletinDatabase.Open(logged, "ingest"))
        {
            new BulletinStore(database, TimeProvider.System).UpsertBatch(more);
            var log = StoreRecovery.LogOf(logged);
            Logged = (System.IO.File.ReadAllBytes(logged), WaitForConfirmedLog(log));
        }

        foreach (var item in all.Concat(more))
        {
            Items[item.Id] = item;
        }

        // The bytes of each document, as LiteDB reads them back from the intact files.
        var copy = Path.Combine(Folder, "read.db");
        System.IO.File.WriteAllBytes(copy, Logged.File);
        System.IO.File.WriteAllBytes(StoreRecovery.LogOf(copy), Logged.Log);
        using (var reader = new LiteDatabase(new ConnectionString { Filename = copy, Connection = ConnectionType.Direct }))
        {
            foreach (var document in reader.GetCollection("bulletins").FindAll())
            {
                Bson[document["_id"].AsString] = BsonSerializer.Serialize(document);
            }
        }
    }

    /// <summary>LiteDB writes its log on a thread of its own after the commit: the copy waits until the transaction's last page is there.</summary>
    private static byte[] WaitForConfirmedLog(string log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                var bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
                if (bytes.Length > 0 && bytes.Length % PageSize == 0 && bytes[bytes.Length - PageSize + 18] == 1)
                {
                    return bytes;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("LiteDB did not write its log within 30 s.");
            }

            Thread.Sleep(20);
        }
    }

    private static Bulletin NewItem(int i)
    {
        var title = $"Bulletin {i}: talks número {i} über Äußeres";
        var date = new DateOnly(2015, 1, 1).AddDays(i * 3);
        var paragraphs = Enumerable.Range(0, 1 + (i % 4))
            .Select(p => $"Paragraph {p} of item {i}. " + string.Concat(Enumerable.Repeat($"word{i % 17} palabra{p} ", 10 + (i * 7 % 60))))
            .ToList();
        if (i % 4 == 1)
        {
            // Short items, which the denser flips still leave whole.
            paragraphs = [$"Short item {i}."];
        }

        if (i % 97 == 5)
        {
            // A few items too long for one page: their documents are chained over pages.
            paragraphs.Add(new string('z', 12_000) + $" {i}");
        }

        var source = i % 3 == 0 ? "Cuba in USA" : "Embassy news";
        return new Bulletin(BulletinId.Compute(source, title, date), source, title, paragraphs, date, null, i % 5 == 0 ? $"https://example.org/{i}" : null);
    }
}
