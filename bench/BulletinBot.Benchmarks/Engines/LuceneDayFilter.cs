using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace BulletinBot.Benchmarks.Engines;

/// <summary>
/// A date range read from the <c>date</c> doc values, for <see cref="FilteredQuery.QUERY_FIRST_FILTER_STRATEGY"/>:
/// the query leads and the filter only checks the documents it matches, one doc-values read each,
/// instead of building a bitset of the whole range per query as a <c>NumericRangeFilter</c> does.
/// Under the default strategy (filter first, leap-frog) it would walk every document of the range,
/// so it is only ever used query-first.
/// </summary>
internal sealed class LuceneDayFilter(string field, int from, int to) : Filter
{
    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
    {
        var values = context.AtomicReader.GetNumericDocValues(field)
            ?? throw new InvalidOperationException($"No doc values for '{field}'.");
        return new InRange(values, from, to, acceptDocs, context.AtomicReader.MaxDoc);
    }

    private sealed class InRange(NumericDocValues values, int from, int to, IBits? accept, int maxDoc) : DocIdSet, IBits
    {
        public override IBits Bits => this;

        public int Length => maxDoc;

        public bool Get(int index)
        {
            var day = values.Get(index);
            return day >= from && day <= to && (accept is null || accept.Get(index));
        }

        // Query-first never asks for the iterator; it is here so the set is complete (a full scan).
        public override DocIdSetIterator GetIterator() => new Scan(this, maxDoc);
    }

    private sealed class Scan(InRange set, int maxDoc) : DocIdSetIterator
    {
        private int doc = -1;

        public override int DocID => doc;

        public override int NextDoc() => Advance(doc + 1);

        public override int Advance(int target)
        {
            for (doc = target; doc < maxDoc; doc++)
            {
                if (set.Get(doc))
                {
                    return doc;
                }
            }

            return doc = NO_MORE_DOCS;
        }

        public override long GetCost() => maxDoc;
    }
}
