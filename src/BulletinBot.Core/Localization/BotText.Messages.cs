namespace BulletinBot.Core.Localization;

/// <summary>
/// The words of announcements and digests, of the conversation itself (too fast, a damaged store, a failure) and of
/// the date and search parsers' errors: the keys added after the replies', kept apart so BotText.cs stays readable.
/// </summary>
public sealed partial class BotText
{
    public string DigestHeading(object count) => Format(nameof(DigestHeading), count);

    public string DigestTitle(object count) => Format(nameof(DigestTitle), count);

    public string DigestTitleMore(object count, object more) => Format(nameof(DigestTitleMore), count, more);

    public string DayRange(object from, object to) => Format(nameof(DayRange), from, to);

    public string TooFast => Get(nameof(TooFast));

    public string TooFastHint => Get(nameof(TooFastHint));

    public string StoreDamaged => Get(nameof(StoreDamaged));

    public string StoreDamagedHint => Get(nameof(StoreDamagedHint));

    public string StorageError(object message) => Format(nameof(StorageError), message);

    public string AnswerFailed => Get(nameof(AnswerFailed));

    public string AnswerFailedHint => Get(nameof(AnswerFailedHint));

    public string WhenHint => Get(nameof(WhenHint));

    public string WhenMissing(object hint) => Format(nameof(WhenMissing), hint);

    public string WhenTooLong(object length, object hint) => Format(nameof(WhenTooLong), length, hint);

    public string WhenBadRange(object text) => Format(nameof(WhenBadRange), text);

    public string WhenBackwards(object from, object to) => Format(nameof(WhenBackwards), from, to);

    public string WhenUnknown(object text, object hint) => Format(nameof(WhenUnknown), text, hint);

    public string WhenNotRealYear(object text, object hint) => Format(nameof(WhenNotRealYear), text, hint);

    public string WhenNotRealDateYear(object text, object hint) => Format(nameof(WhenNotRealDateYear), text, hint);

    public string WhenNotRealDateMonth(object text, object hint) => Format(nameof(WhenNotRealDateMonth), text, hint);

    public string WhenNotRealDateDay(object text, object month, object days, object hint) => Format(nameof(WhenNotRealDateDay), text, month, days, hint);

    public string SearchEmpty => Get(nameof(SearchEmpty));

    public string SearchOnlyCommonWords => Get(nameof(SearchOnlyCommonWords));

    public string SearchOnlyExclusions => Get(nameof(SearchOnlyExclusions));

    public string SearchTooLong(object maxCharacters, object maxWords) => Format(nameof(SearchTooLong), maxCharacters, maxWords);

    public string SearchTooManyWords(object max) => Format(nameof(SearchTooManyWords), max);

    public string SearchBadDate(object text, object filter) => Format(nameof(SearchBadDate), text, filter);

    public string SearchDatesSwapped(object from, object to) => Format(nameof(SearchDatesSwapped), from, to);

    public string FilterNoDates => Get(nameof(FilterNoDates));
}
