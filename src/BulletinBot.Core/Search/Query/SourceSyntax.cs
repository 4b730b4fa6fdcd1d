namespace BulletinBot.Core.Search.Query;

/// <summary>
/// <c>source:name</c> (also <c>fuente:</c>, <c>fonte:</c>): the words that narrow search, latest, date and a
/// subscription's filter to one configured source. The name is resolved by whoever knows the sources.
/// </summary>
public static class SourceSyntax
{
    /// <summary>The markers, in English, Spanish and Portuguese (French reads "source:" too).</summary>
    public static IReadOnlyList<string> Markers { get; } = ["source:", "fuente:", "fonte:"];

    /// <summary>Whether <paramref name="word"/> is a <c>source:</c> word; <paramref name="name"/> is what follows, lower case (empty when nothing does).</summary>
    public static bool TryRead(ReadOnlySpan<char> word, out string name)
    {
        foreach (var marker in Markers)
        {
            if (word.StartsWith(marker, StringComparison.OrdinalIgnoreCase))
            {
                name = word[marker.Length..].ToString().ToLowerInvariant();
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    /// <summary>
    /// The text without its <c>source:</c> word, and the name that word gave (the last, when several; empty for a
    /// marker with no name; null when there is none).
    /// </summary>
    public static (string Words, string? Name) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? name = null;
        var rest = new List<string>();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryRead(word, out var found))
            {
                name = found;
            }
            else
            {
                rest.Add(word);
            }
        }

        return name is null ? (text.Trim(), null) : (string.Join(' ', rest), name);
    }
}
