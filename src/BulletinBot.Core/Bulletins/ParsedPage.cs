namespace BulletinBot.Core.Bulletins;

/// <summary>One parsed page: its section header, its items newest first, and what the parser had to guess or skip.</summary>
public sealed record ParsedPage(string Source, IReadOnlyList<Bulletin> Items, IReadOnlyList<string> Warnings);

/// <summary>A parsed page with the reading behind it: each block's role and each item's date origin.</summary>
internal sealed record PageReading(
    string Source,
    IReadOnlyList<BlockReading> Blocks,
    IReadOnlyList<Bulletin> Items,
    IReadOnlyList<ItemDate> Dates,
    IReadOnlyList<string> Warnings);
