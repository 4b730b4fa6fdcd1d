using System.Globalization;
using BulletinBot.Core.Bulletins;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>
/// The embedded store's sketches of its dated items' words (<see cref="ItemSketch"/>), one document per source and
/// day (<c>_id</c> "source|day number") listing each item's id and sketch. An item with a new id reads the one
/// document of its source and day, a single seek, instead of that day's items whole; the store writes it in the same
/// transaction as the items, so the two never disagree. One instance serves one page's write and remembers the
/// document it read last: the match reads it, the insert that follows adds to it.
/// </summary>
internal sealed class ItemSketches(LiteDatabase database)
{
    private const string ItemsField = "items";
    private readonly ILiteCollection<BsonDocument> _days = database.GetCollection(BulletinDatabase.Sketches);
    private (string Key, BsonDocument? Document)? _last;

    public static string Key(string source, int day) => source + "|" + day.ToString(CultureInfo.InvariantCulture);

    /// <summary>The sketched items of <paramref name="source"/> on day number <paramref name="day"/>.</summary>
    public IReadOnlyList<SketchedItem> On(string source, int day) =>
        Load(Key(source, day)) is { } document
            ? [.. Items(document).Where(e => e is { IsDocument: true } && e["i"].IsString && e["t"].IsBinary && e["b"].IsBinary)
                .Select(e => new SketchedItem(e["i"].AsString, new ItemSketch(ItemSketch.FromBytes(e["t"].AsBinary), ItemSketch.FromBytes(e["b"].AsBinary))))]
            : [];

    /// <summary>Keeps <paramref name="sketch"/> as item <paramref name="id"/>'s, in place of any it had.</summary>
    public void Put(string source, int day, string id, ItemSketch sketch)
    {
        var key = Key(source, day);
        var document = Load(key) ?? new BsonDocument { ["_id"] = key };
        Add(Items(document), id, sketch);
        _days.Upsert(document);
        _last = (key, document);
    }

    /// <summary>
    /// Sketches every dated item of <paramref name="bulletins"/> anew (schema 4, <see cref="StoreMigration"/>); run again
    /// after a crash, it starts over. Items are read in chunks, and each chunk's days are written in one transaction.
    /// </summary>
    public static void Build(LiteDatabase database, ILiteCollection<BsonDocument> bulletins, int chunk = 20_000)
    {
        database.DropCollection(BulletinDatabase.Sketches);
        var days = database.GetCollection(BulletinDatabase.Sketches);
        var pending = new Dictionary<string, List<(string Id, ItemSketch Sketch)>>(StringComparer.Ordinal);
        var after = BsonValue.MinValue;
        while (true)
        {
            // Read whole before writing: a query's cursor must not stay open across the commits below.
            var documents = bulletins.Query().Where(Query.GT("_id", after)).OrderBy("_id").Limit(chunk).ToList();
            foreach (var document in documents.Where(d => !d["day"].IsNull))
            {
                var item = BulletinStore.FromDocument(document);
                var key = Key(item.Source, item.Date!.Value.DayNumber);
                if (!pending.TryGetValue(key, out var list))
                {
                    pending[key] = list = [];
                }

                list.Add((item.Id, ItemSketch.Of(item)));
            }

            Flush(database, days, pending);
            if (documents.Count < chunk)
            {
                return;
            }

            after = documents[^1]["_id"];
        }
    }

    private static void Flush(LiteDatabase database, ILiteCollection<BsonDocument> days, Dictionary<string, List<(string Id, ItemSketch Sketch)>> pending)
    {
        database.BeginTrans();
        foreach (var (key, items) in pending)
        {
            var document = days.FindById(key) ?? new BsonDocument { ["_id"] = key };
            foreach (var (id, sketch) in items)
            {
                Add(Items(document), id, sketch);
            }

            days.Upsert(document);
        }

        database.Commit();
        pending.Clear();
    }

    /// <summary>The document's list of sketched items; a document without one (written by hand, or damaged) gets an empty one.</summary>
    private static BsonArray Items(BsonDocument document)
    {
        if (document[ItemsField] is { IsArray: true } items)
        {
            return items.AsArray;
        }

        var fresh = new BsonArray();
        document[ItemsField] = fresh;
        return fresh;
    }

    private static void Add(BsonArray items, string id, ItemSketch sketch)
    {
        var entry = new BsonDocument { ["i"] = id, ["t"] = ItemSketch.ToBytes(sketch.Title), ["b"] = ItemSketch.ToBytes(sketch.Body) };
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is { IsDocument: true } existing && existing["i"] is { IsString: true } known && known.AsString == id)
            {
                items[i] = entry;
                return;
            }
        }

        items.Add(entry);
    }

    private BsonDocument? Load(string key)
    {
        if (_last is { } last && last.Key == key)
        {
            return last.Document;
        }

        var document = _days.FindById(key);
        _last = (key, document);
        return document;
    }
}
