namespace BulletinBot.Core.Bulletins;

/// <summary>One parsed page: its section header, its items newest first, and what the parser had to guess or skip.</summary>
public sealed record ParsedPage(string Source, IReadOnlyList<Bulletin> Items, IReadOnlyList<string> Warnings);
