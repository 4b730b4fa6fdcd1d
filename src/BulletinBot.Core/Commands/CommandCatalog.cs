using BulletinBot.Core.Text;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>
/// The one table of commands. The parser, help, the Telegram command menu and the Discord slash
/// commands all read it, so a command is named, described and limited in one place: its own file in
/// <c>Catalog/</c>, listed here once, in the order help shows them.
/// </summary>
public static class CommandCatalog
{
    public const int DefaultLatest = 5;
    public const int MaxLatest = 20;
    public const int MaxQueryLength = 1000;

    /// <summary>Every command, in the order help lists them.</summary>
    public static IReadOnlyList<CommandSpec> All { get; } =
    [
        LatestCommand.Spec,
        SearchCommand.Spec,
        DateCommand.Spec,
        ShowCommand.Spec,
        NextCommand.Spec,
        PreviousCommand.Spec,
        SubscribeCommand.Spec,
        SubscriptionsCommand.Spec,
        UnsubscribeCommand.Spec,
        StatsCommand.Spec,
        SourcesCommand.Spec,
        ChartCommand.Spec,
        LanguageCommand.Spec,
        HelpCommand.Spec,
    ];

    // Built when the catalog is first read: two commands claiming one word stop the bot at start.
    private static readonly Dictionary<string, CommandSpec> ByWord = BuildWords();

    /// <summary>The command a word names: its name, its name in another language or an alias, in any case.</summary>
    public static CommandSpec? Find(string word) => ByWord.GetValueOrDefault(word);

    /// <summary>
    /// The command that <paramref name="name"/> names, with <paramref name="argument"/> read by that
    /// command's rules: what the parser does after the verb, and what typed options (a Discord slash
    /// command) are turned into.
    /// </summary>
    public static Command Create(string name, string? argument)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(name.Trim()) is { } spec
            ? spec.Parse((argument ?? string.Empty).Trim())
            : InvalidCommand.Saying(say => new(say.UnknownCommand(Shorten(name.Trim(), 30)), say.UnknownCommandHint));
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a listing token ("1a2b3c4d").</summary>
    public static bool IsListingToken(string token) => token.Length == 8 && token.All(char.IsAsciiHexDigitLower);

    /// <summary>next and previous: alone, or with the token of a listing (from a button).</summary>
    internal static Command ParsePaging(string text, string verb, Func<string?, Command> create)
    {
        if (text.Length == 0)
        {
            return create(null);
        }

        return IsListingToken(text)
            ? create(text)
            : InvalidCommand.Saying(say => new(say.PagingTakesNoWords(verb), say.PagingTakesNoWordsHint(verb)));
    }

    private static Dictionary<string, CommandSpec> BuildWords()
    {
        var words = new Dictionary<string, CommandSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in All)
        {
            foreach (var word in spec.Words)
            {
                if (!words.TryAdd(word, spec))
                {
                    throw new InvalidOperationException($"The command word \"{word}\" names both {words[word].Name} and {spec.Name}.");
                }
            }
        }

        return words;
    }

    internal static string Shorten(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, TextCut.Floor(text, max)), TextCut.Ellipsis);
}
