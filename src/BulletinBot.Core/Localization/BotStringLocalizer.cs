using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace BulletinBot.Core.Localization;

/// <summary>
/// The bot's words in one language, read from that language's resource file (Localization/BotStrings.resx for
/// English, BotStrings.es.resx for Spanish...), with English for a key a translation lacks.
/// </summary>
/// <remarks>
/// The usual way, one ResourceManager asked with a CultureInfo, does not work here: the bot runs with
/// InvariantGlobalization, under which <c>new CultureInfo("es")</c> throws (only the invariant culture exists), so
/// satellite assemblies could never be chosen. Each language's file is therefore built into the main assembly as a
/// resource set of its own (WithCulture="false" in the project) and chosen by its code, one ResourceManager per
/// language, each read with the invariant culture.
/// </remarks>
public sealed class BotStringLocalizer : IStringLocalizer
{
    private const string BaseName = "BulletinBot.Core.Localization.BotStrings";

    private readonly ResourceManager _resources;
    private readonly BotStringLocalizer? _fallback;

    private BotStringLocalizer(string language, BotStringLocalizer? fallback)
    {
        Language = language;
        _resources = new ResourceManager(language == Languages.English ? BaseName : $"{BaseName}.{language}", typeof(BotStringLocalizer).Assembly);
        _fallback = fallback;
    }

    public static BotStringLocalizer English { get; } = new(Languages.English, null);

    private static readonly Dictionary<string, BotStringLocalizer> ByLanguage =
        Languages.All.ToDictionary(l => l, l => l == Languages.English ? English : new BotStringLocalizer(l, English));

    /// <summary>The language's code: "en", "es".</summary>
    public string Language { get; }

    /// <summary>The localizer of <paramref name="language"/>, English when the bot does not speak it.</summary>
    public static BotStringLocalizer For(string? language) => ByLanguage.GetValueOrDefault(Languages.Of(language), English);

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var own = Own(name);
            if (own is { Length: > 0 })
            {
                return new LocalizedString(name, own, resourceNotFound: false, BaseName);
            }

            var fallback = _fallback?.Own(name);
            return new LocalizedString(name, fallback ?? name, resourceNotFound: fallback is null, BaseName);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.InvariantCulture, format.Value, arguments), format.ResourceNotFound, BaseName);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var set = _resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false);
        var own = set is null
            ? []
            : set.Cast<System.Collections.DictionaryEntry>()
                .Select(entry => new LocalizedString((string)entry.Key, entry.Value as string ?? string.Empty, resourceNotFound: false, BaseName))
                .ToList();
        if (!includeParentCultures || _fallback is null)
        {
            return own;
        }

        var names = own.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return own.Concat(_fallback.GetAllStrings(false).Where(s => !names.Contains(s.Name)));
    }

    /// <summary>The value this language's own file gives <paramref name="name"/>, or null.</summary>
    private string? Own(string name) => _resources.GetString(name, CultureInfo.InvariantCulture);
}
