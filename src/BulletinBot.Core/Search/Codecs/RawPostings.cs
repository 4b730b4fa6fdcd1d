using BulletinBot.Core.Search.Index;

namespace BulletinBot.Core.Search.Codecs;

/// <summary>One term's postings as a builder collects them, numbered in the order documents were
/// added; the encoder renumbers and compresses them.</summary>
internal sealed class RawPostings
{
    public GrowableArray<int> Docs { get; } = new(2);

    public GrowableArray<ushort> TitleTf { get; } = new(2);

    public GrowableArray<ushort> BodyTf { get; } = new(2);

    public GrowableArray<ushort> Positions { get; } = new(2);
}
