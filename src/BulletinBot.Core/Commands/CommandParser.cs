namespace BulletinBot.Core.Commands;

/// <summary>
/// Turns typed text into a <see cref="Command"/>. One grammar for every platform: a verb and its
/// argument, with or without a leading slash, and with the "/verb@BotName" form of Telegram groups.
/// </summary>
public static class CommandParser
{
    public const int MaxLength = 1000;
    public const int DefaultLatest = 5;
    public const int MaxLatest = 20;

    /// <summary>The verbs and the words people also type for them, English and Spanish.</summary>
    private static readonly Dictionary<string, string> Verbs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["latest"] = "latest", ["last"] = "latest", ["new"] = "latest", ["recent"] = "latest",
        ["ultimas"] = "latest", ["últimas"] = "latest", ["ultimos"] = "latest", ["últimos"] = "latest",
        ["search"] = "search", ["find"] = "search", ["s"] = "search", ["buscar"] = "search", ["busca"] = "search",
        ["date"] = "date", ["on"] = "date", ["fecha"] = "date", ["dates"] = "date",
        ["show"] = "show", ["get"] = "show", ["open"] = "show", ["ver"] = "show", ["mostrar"] = "show",
        ["next"] = "next", ["more"] = "next", ["n"] = "next", ["siguiente"] = "next", ["mas"] = "next", ["más"] = "next",
        ["help"] = "help", ["start"] = "help", ["?"] = "help", ["ayuda"] = "help", ["commands"] = "help",
        ["stats"] = "stats", ["status"] = "stats", ["estadisticas"] = "stats", ["estadísticas"] = "stats",
    };

    /// <summary>
    /// Parses <paramref name="text"/>. Returns null when the text is a command addressed to another
    /// bot ("/latest@OtherBot"), which a group chat must ignore.
    /// </summary>
    public static Command? Parse(string? text, string? botUsername = null)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return new HelpCommand(null);
        }

        if (trimmed.Length > MaxLength)
        {
            return new InvalidCommand($"That message is {trimmed.Length} characters long; commands are at most {MaxLength}. Try a shorter search.");
        }

        var split = trimmed.AsSpan().IndexOfAny(' ', '\t', '\n');
        var verb = split < 0 ? trimmed : trimmed[..split];
        var argument = split < 0 ? string.Empty : trimmed[(split + 1)..].Trim();

        var slashed = verb.StartsWith('/');
        if (slashed)
        {
            verb = verb[1..];
        }

        var at = verb.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var addressee = verb[(at + 1)..];
            if (botUsername is not null && !addressee.Equals(botUsername.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            verb = verb[..at];
        }

        if (!Verbs.TryGetValue(verb, out var canonical))
        {
            return new InvalidCommand(Unknown(verb, trimmed, slashed));
        }

        return canonical switch
        {
            "latest" => ParseLatest(argument),
            "search" => new SearchCommand(argument),
            "date" => new DateCommand(argument),
            "show" => argument.Length == 0
                ? new InvalidCommand("Show which item? Give its id, like: show k3j9x2a (ids appear in latest, search and date).")
                : new ShowCommand(argument.Split(' ', 2)[0]),
            "next" => new NextCommand(argument.Length == 0 ? null : argument),
            "help" => new HelpCommand(argument.Length == 0 ? null : argument),
            _ => new StatsCommand(),
        };
    }

    private static Command ParseLatest(string argument)
    {
        if (argument.Length == 0)
        {
            return new LatestCommand(DefaultLatest);
        }

        return int.TryParse(argument, System.Globalization.NumberStyles.None, null, out var count) && count >= 1
            ? new LatestCommand(count)
            : new InvalidCommand($"latest takes a number of items from 1 to {MaxLatest}, like: latest 10");
    }

    private static string Unknown(string verb, string text, bool slashed)
    {
        var shown = verb.Length > 30 ? verb[..30] + "…" : verb;
        return slashed
            ? $"I don't know the command /{shown}. Try /help for the list."
            : $"I don't know \"{shown}\". To search the archive, type: search {(text.Length > 60 ? text[..60] + "…" : text)}. Type help for every command.";
    }
}
