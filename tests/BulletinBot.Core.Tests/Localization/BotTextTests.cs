using System.Globalization;
using System.Text.RegularExpressions;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Tests.Localization;

/// <summary>Every language's resource file says everything English says, with the same placeholders.</summary>
public sealed partial class BotTextTests
{
    // Formats where a language picks which of the offered parts it writes: DayFormat offers day, month, year and the
    // ISO date, and English writes only the ISO date.
    private static readonly HashSet<string> FreeFormats = ["DayFormat"];

    public static TheoryData<string> Translations => [.. Languages.All.Where(l => l != Languages.English)];

    [Fact]
    public void English_has_a_value_for_every_key_BotText_reads()
    {
        var english = Strings(Languages.English);
        var read = typeof(BotText).GetProperties().Where(p => p.PropertyType == typeof(string) && p.Name != nameof(BotText.Language)).Select(p => p.Name)
            .Concat(typeof(BotText).GetMethods().Where(m => m.DeclaringType == typeof(BotText) && m.ReturnType == typeof(string) && !m.IsSpecialName
                && m.GetParameters().All(p => p.ParameterType == typeof(object))).Select(m => m.Name))
            .Distinct();

        Assert.All(read, key => Assert.False(string.IsNullOrWhiteSpace(english.GetValueOrDefault(key)), $"English lacks {key}"));
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_translation_has_every_key_and_no_other(string language)
    {
        var english = Strings(Languages.English);
        var translated = Strings(language);

        Assert.Empty(english.Keys.Where(key => string.IsNullOrWhiteSpace(translated.GetValueOrDefault(key))).Order());
        Assert.Empty(translated.Keys.Except(english.Keys).Order());
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_translation_has_the_placeholders_of_English(string language)
    {
        var english = Strings(Languages.English);
        var translated = Strings(language);

        var differing = english.Keys.Where(key => !FreeFormats.Contains(key) && translated.ContainsKey(key)
            && !Placeholders(english[key]).SetEquals(Placeholders(translated[key]))).Order();
        Assert.Empty(differing);
    }

    [Fact]
    public void A_missing_key_is_found_by_the_check()
    {
        // The check above reads what BotStringLocalizer gives; a key no file has is reported as not found.
        var missing = BotStringLocalizer.For(Languages.Spanish)["NoSuchKey"];

        Assert.True(missing.ResourceNotFound);
    }

    [Fact]
    public void The_invariant_globalization_of_the_bot_has_no_spanish_culture_to_choose_satellites_by()
    {
        // Why each language is its own resource set, chosen by code: a CultureInfo cannot name it here.
        Assert.ThrowsAny<CultureNotFoundException>(() => new CultureInfo("es"));
    }

    [Theory]
    [InlineData("es", "es")]
    [InlineData("es-ES", "es")]
    [InlineData("es_ES.UTF-8", "es")]
    [InlineData("ES", "es")]
    [InlineData("en-GB", "en")]
    [InlineData("pt-BR", "pt")]
    [InlineData("fr_CA.UTF-8", "fr")]
    [InlineData("de", "en")]
    [InlineData("C", "en")]
    [InlineData(null, "en")]
    [InlineData("", "en")]
    public void A_locale_names_a_language_or_English(string? locale, string language)
    {
        Assert.Equal(language, Languages.Of(locale));
    }

    [Fact]
    public void The_terminal_reads_LC_ALL_then_LC_MESSAGES_then_LANG()
    {
        Assert.Equal("es", Languages.FromEnvironment(name => name == "LANG" ? "es_ES.UTF-8" : null));
        Assert.Equal("en", Languages.FromEnvironment(name => name switch { "LC_ALL" => "C", "LANG" => "es_ES.UTF-8", _ => null }));
        Assert.Equal("es", Languages.FromEnvironment(name => name switch { "LC_MESSAGES" => "es_MX", "LANG" => "en_US.UTF-8", _ => null }));
        Assert.Equal("en", Languages.FromEnvironment(_ => null));
    }

    [Fact]
    public void Dates_read_naturally_in_Spanish_and_stay_ISO_in_English()
    {
        var day = new DateOnly(2018, 7, 11);

        Assert.Equal("11 de julio de 2018", BotText.For("es").Day(day));
        Assert.Equal("julio de 2018", BotText.For("es").MonthAndYear(day));
        Assert.Equal("11 juillet 2018", BotText.For("fr").Day(day));
        Assert.Equal("11 de julho de 2018", BotText.For("pt").Day(day));
        Assert.Equal("2018-07-11", BotText.English.Day(day));
        Assert.Equal("July 2018", BotText.English.MonthAndYear(day));
    }

    private static Dictionary<string, string> Strings(string language) =>
        BotStringLocalizer.For(language).GetAllStrings(includeParentCultures: false).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
