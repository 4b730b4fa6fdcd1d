namespace BulletinBot.Core.Commands;

/// <summary>
/// Turns typed text into a <see cref="Command"/>. One grammar for every platform: a verb from the
/// <see cref="CommandCatalog"/> and its argument, with or without a leading slash, and with the
/// "/verb@BotName" form of Telegram groups.
/// </summary>
public static class CommandParser
{
    public const int MaxLength = CommandCatalog.MaxQueryLength;

    /// <summary>
    /// Parses <paramref name="text"/>. Returns null when the text is a command addressed to another
    /// bot ("/latest@OtherBot"), which a group chat must ignore.
    /// </summary>
    public static Command? Parse(string? text, string? botName = null)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return new HelpCommand(null);
        }

        if (trimmed.Length > MaxLength)
        {
            var length = trimmed.Length;
            return InvalidCommand.Saying(say => new(say.TooLong(length, MaxLength), say.TooLongHint));
        }

        var split = trimmed.AsSpan().IndexOfAny(" \t\r\n");
        var verb = split < 0 ? trimmed : trimmed[..split];
        var argument = split < 0 ? string.Empty : trimmed[(split + 1)..].Trim();

        var slashed = verb.Length > 1 && verb[0] == '/';
        if (slashed)
        {
            verb = verb[1..];

            // "/latest@BulletinBot" names the bot it is for; only a slashed command can, so a line
            // such as "@everyone" stays an (unknown) word.
            var at = verb.IndexOf('@', StringComparison.Ordinal);
            if (at > 0)
            {
                var addressee = verb[(at + 1)..];
                if (botName is not null && !addressee.Equals(botName.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                verb = verb[..at];
            }
        }

        return CommandCatalog.Find(verb) is { } spec
            ? CommandCatalog.Create(spec.Name, argument)
            : Unknown(verb, trimmed, slashed);
    }

    private static InvalidCommand Unknown(string verb, string text, bool slashed)
    {
        var shown = CommandCatalog.Shorten(verb, 30);
        var typed = CommandCatalog.Shorten(text, 60);
        return slashed
            ? InvalidCommand.Saying(say => new(say.UnknownSlashCommand(shown), say.UnknownSlashCommandHint))
            : InvalidCommand.Saying(say => new(say.UnknownWord(shown), say.UnknownWordHint(typed)));
    }
}
