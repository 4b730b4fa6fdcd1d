using CsCheck;

namespace BulletinBot.Core.Tests.Fuzzing;

/// <summary>
/// Generated text for the never-throws properties: arbitrary UTF-16 (lone surrogates, controls, NULs included)
/// mixed with the fragments the parsers look for, so that the interesting paths are reached, not only the errors.
/// </summary>
internal static class FuzzInput
{
    /// <summary>100,000 cases per property in CI; set BULLETINBOT_FUZZ_ITERATIONS for a longer run by hand.</summary>
    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("BULLETINBOT_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 100_000;

    private static readonly string[] Fragments =
    [
        "\n", "\n\n", "\r\n", " ", ", ", ".", ".-", "- ", "–", "\"", "“", "”", "¿", "?", ":", "(", ")", "\u00A0", "\u200B", "\uFEFF",
        "On ", "El ", "Le ", "Em ", "de ", "del ", "y ", "al ", "to ", "and ", "au ", "1ro ", "1er ", "1º ", "2nd ", "3rd ",
        "May ", "mayo ", "mai ", "março ", "août ", "Sept. ", "dic ", "29 ", "30 ", "31 ", "9 ", "12-14 ", "2018", "2020", "0000", "9999",
        "Cuba in USA", "Photo: ", "From left to right: ", "Washington D.C.", "U.S.", "lunes ", "Friday, ", "2018-07-11",
        "search ", "date ", "latest ", "show ", "/start", "/help@Bot ", "from:", "to:", "-", "\"a phrase\"", "..", "…", "today",
        "\ud800", "\udfff", "\0", "\u0085", "\u2028", "𝒳",
    ];

    /// <summary>Any UTF-16 string up to 200 code units.</summary>
    public static readonly Gen<string> AnyText =
        Gen.Int[0, 0xFFFF].Array[0, 200].Select(codes => new string(Array.ConvertAll(codes, c => (char)c)));

    /// <summary>Fragments the parsers know, glued with random characters.</summary>
    public static readonly Gen<string> Structured =
        Gen.Int[-40, Fragments.Length - 1].Array[0, 80].Select(picks =>
            string.Concat(picks.Select(p => p >= 0 ? Fragments[p] : ((char)(0x20 + (p * -977 % 0x2FFF))).ToString())));

    /// <summary>Half arbitrary text, half structured text.</summary>
    public static readonly Gen<string> Text = Gen.OneOf(AnyText, Structured);
}
