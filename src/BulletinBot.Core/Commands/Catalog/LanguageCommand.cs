using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>
/// The language this chat reads, or the chat's choice of one (<paramref name="Code"/>: "es", "en", "español"), remembered
/// in the store so it outlasts a restart. In groups and channels only a chat admin may change it.
/// </summary>
public sealed record LanguageCommand(string? Code) : Command
{
    public static CommandSpec Spec { get; } = new(
        "language", "idioma", ["lang", "langue", "lingua"],
        [new("code", ArgumentKind.Text, false, 2, 16, "A language code: en, es, fr, pt", "Un código de idioma: en, es, fr, pt")],
        "The language this chat reads, or a new one (en, es, fr, pt)", "El idioma de este chat, o uno nuevo (en, es, fr, pt)", "language es",
        text => new LanguageCommand(text.Length == 0 ? null : text.Split(' ', 2)[0]))
    {
        NameFr = "langue",
        NamePt = "idioma",
        DescriptionFr = "La langue de ce chat, ou une nouvelle (en, es, fr, pt)",
        DescriptionPt = "O idioma deste chat, ou um novo (en, es, fr, pt)",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        var say = BotText.For(chat);
        var codes = string.Join(", ", Languages.All.Select(l => $"{l} ({BotText.For(l).LanguageName})"));
        if (Code is null)
        {
            return new NoticeReply(say.LanguageCurrent, [say.LanguageChoices(codes)]);
        }

        if (Find(Code) is not { } language)
        {
            return new ErrorReply(say.LanguageUnknown(CommandCatalog.Shorten(Code, 30)), say.LanguageChoices(codes));
        }

        if (SubscriptionRules.NotAdmin(chat, s => s.NotAdminLanguage) is { } refusal)
        {
            return refusal;
        }

        var chosen = BotText.For(language);
        if (!chat.RemembersListings || handler.Preferences is not { } preferences)
        {
            return new NoticeReply(chosen.LanguageNotRemembered, []) { Language = language };
        }

        preferences.SetLanguage(chat.Key, language);
        return new NoticeReply(chosen.LanguageChosen, []) { Language = language };
    }

    /// <summary>A code ("es", "es-ES") or a language's own name ("español", "English").</summary>
    private static string? Find(string code) =>
        Languages.Find(code)
        ?? Languages.All.FirstOrDefault(l => string.Equals(BotText.For(l).LanguageName, code, StringComparison.OrdinalIgnoreCase));
}
