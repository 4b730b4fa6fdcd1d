namespace BulletinBot.Core.Localization;

/// <summary>
/// The languages the bot speaks, by their two-letter codes (as stored and as ChatContext carries them), and how a
/// platform's locale becomes one: Telegram's "es", Discord's "es-ES" or "pt-BR", a terminal's "es_ES.UTF-8". What the
/// bot does not speak reads as English.
/// </summary>
public static class Languages
{
    public const string English = "en";
    public const string Spanish = "es";
    public const string French = "fr";
    public const string Portuguese = "pt";

    /// <summary>Every language with a resource file, English first; a test checks each has every key.</summary>
    public static IReadOnlyList<string> All { get; } = [English, Spanish, French, Portuguese];

    /// <summary>The language <paramref name="locale"/> names, if the bot speaks it; else null.</summary>
    public static string? Find(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        // "es_ES.UTF-8@euro", "es-419", "ES": the part before the region, the encoding and the modifier.
        var code = locale.Trim();
        var end = code.IndexOfAny(['_', '-', '.', '@']);
        code = (end < 0 ? code : code[..end]).ToLowerInvariant();
        return All.FirstOrDefault(language => language == code);
    }

    /// <summary>The language <paramref name="locale"/> names, or English.</summary>
    public static string Of(string? locale) => Find(locale) ?? English;

    /// <summary>
    /// The terminal's language, as POSIX reads it: LC_ALL, then LC_MESSAGES, then LANG, the first that is set. "C" and
    /// "POSIX" are English.
    /// </summary>
    public static string FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        foreach (var name in (string[])["LC_ALL", "LC_MESSAGES", "LANG"])
        {
            if (variable(name) is { Length: > 0 } value)
            {
                return Of(value);
            }
        }

        return English;
    }
}
