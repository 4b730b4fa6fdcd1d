using BulletinBot.Core.Chats;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

public enum ArgumentKind
{
    Number,
    Text,
}

/// <summary>A command's argument: what it is called on platforms with typed options, and its limits.</summary>
public sealed record ArgumentSpec(
    string Name,
    ArgumentKind Kind,
    bool Required,
    int? Min,
    int? Max,
    string Description,
    string DescriptionEs);

/// <summary>
/// One command as every platform shows it: its name (lower-case ASCII, at most 32 characters, which
/// suits Telegram menus and Discord slash commands), its Spanish name, the other words people type
/// for it, its argument, a one-line description in English and Spanish, an example, and how its
/// argument (typed after the verb, or a slash command's option) becomes the command's record. The
/// record answers itself (<see cref="Command"/>), in the same file as this entry.
/// </summary>
public sealed record CommandSpec(
    string Name,
    string NameEs,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ArgumentSpec> Arguments,
    string Description,
    string DescriptionEs,
    string Example,
    Func<string, Command> Parse,
    bool ListedInMenus = true)
{
    /// <summary>"latest [n]", "search &lt;words&gt;": the command as help shows it.</summary>
    public string Usage => Arguments.Count == 0
        ? Name
        : $"{Name} {string.Join(' ', Arguments.Select(a => a.Required ? $"<{a.Name}>" : $"[{a.Name}]"))}";

    /// <summary>Its French name ("derniers"); null where the English one serves.</summary>
    public string? NameFr { get; init; }

    /// <summary>Its Portuguese name ("ultimos"); null where the English one serves.</summary>
    public string? NamePt { get; init; }

    /// <summary>The one-line description in French; null where the English one serves.</summary>
    public string? DescriptionFr { get; init; }

    /// <summary>The one-line description in Portuguese; null where the English one serves.</summary>
    public string? DescriptionPt { get; init; }

    /// <summary>Every word of every language that names this command: its names and its aliases.</summary>
    public IEnumerable<string> Words =>
        Aliases.Append(Name).Append(NameEs).Concat(new[] { NameFr, NamePt }.OfType<string>()).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The command's name in <paramref name="language"/>: "ultimas" in Spanish, "derniers" in French.</summary>
    public string NameIn(string? language) => language switch
    {
        Languages.Spanish => NameEs,
        Languages.French => NameFr ?? Name,
        Languages.Portuguese => NamePt ?? Name,
        _ => Name,
    };

    /// <summary>The usage with the command's name in <paramref name="language"/>: "ultimas [count]" in Spanish.</summary>
    public string UsageIn(string? language) => NameIn(language) + Usage[Name.Length..];

    /// <summary>The one-line description in <paramref name="language"/>; English where the catalog has no other.</summary>
    public string DescriptionIn(string? language) => language switch
    {
        Languages.Spanish => DescriptionEs,
        Languages.French => DescriptionFr ?? Description,
        Languages.Portuguese => DescriptionPt ?? Description,
        _ => Description,
    };

    /// <summary>The example with the command's name in <paramref name="language"/>: "ultimas 10" in Spanish.</summary>
    public string ExampleIn(string? language) =>
        Example.StartsWith(Name, StringComparison.Ordinal) ? NameIn(language) + Example[Name.Length..] : Example;

    /// <summary>
    /// For a command that lists items a page at a time, how a page of its listing is shown, so next and
    /// previous can resume it. The listing's kind, as remembered between pages, is the command's name.
    /// </summary>
    internal Func<Listings, ChatContext, ListingPage, Reply>? ShowPage { get; init; }
}
