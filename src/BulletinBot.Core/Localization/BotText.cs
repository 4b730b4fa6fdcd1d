using System.Globalization;
using BulletinBot.Core.Chats;
using Microsoft.Extensions.Localization;

namespace BulletinBot.Core.Localization;

/// <summary>
/// Everything the bot says, in one reader's language: one member per key of the resource files, so a key the code
/// uses and no file has is a compile error here, and a file that lacks a key fails a test (BotTextTests). The words
/// come through <see cref="IStringLocalizer"/>; adding a language is adding a resource file and its code in
/// <see cref="Languages"/>.
/// </summary>
public sealed partial class BotText
{
    private static readonly Dictionary<string, BotText> ByLanguage =
        Languages.All.ToDictionary(l => l, l => new BotText(BotStringLocalizer.For(l), l));

    private readonly IStringLocalizer _strings;

    private BotText(IStringLocalizer strings, string language)
    {
        _strings = strings;
        Language = language;
    }

    public static BotText English => ByLanguage[Languages.English];

    /// <summary>"en", "es": the language these words are in.</summary>
    public string Language { get; }

    /// <summary>The words of <paramref name="language"/>, English when the bot does not speak it.</summary>
    public static BotText For(string? language) => ByLanguage[Languages.Of(language)];

    /// <summary>The words of the chat's language.</summary>
    public static BotText For(ChatContext chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        return For(chat.Language);
    }

    /// <summary>A day as this language writes it in a sentence: "11 de julio de 2018"; English keeps 2018-07-11.</summary>
    public string Day(DateOnly day) =>
        Format("DayFormat", day.Day, MonthName(day.Month), day.Year, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>"July 2018", "julio de 2018".</summary>
    public string MonthAndYear(DateOnly day) => Format("MonthYearFormat", MonthName(day.Month), day.Year);

    /// <summary>The name of the language, in itself: "English", "español".</summary>
    public string LanguageName => Get(nameof(LanguageName));

    private string MonthName(int month) => Get($"Month{month.ToString(CultureInfo.InvariantCulture)}");

    public string UnknownCommand(object command) => Format(nameof(UnknownCommand), command);

    public string UnknownCommandHint => Get(nameof(UnknownCommandHint));

    public string UnknownSlashCommand(object command) => Format(nameof(UnknownSlashCommand), command);

    public string UnknownSlashCommandHint => Get(nameof(UnknownSlashCommandHint));

    public string UnknownWord(object word) => Format(nameof(UnknownWord), word);

    public string UnknownWordHint(object text) => Format(nameof(UnknownWordHint), text);

    public string TooLong(object length, object max) => Format(nameof(TooLong), length, max);

    public string TooLongHint => Get(nameof(TooLongHint));

    public string PagingTakesNoWords(object verb) => Format(nameof(PagingTakesNoWords), verb);

    public string PagingTakesNoWordsHint(object verb) => Format(nameof(PagingTakesNoWordsHint), verb);

    public string ListingGone => Get(nameof(ListingGone));

    public string ListingGoneHint => Get(nameof(ListingGoneHint));

    public string OneShotNoNext => Get(nameof(OneShotNoNext));

    public string OneShotNoPrevious => Get(nameof(OneShotNoPrevious));

    public string OneShotNoPagingHint => Get(nameof(OneShotNoPagingHint));

    public string NothingToContinue => Get(nameof(NothingToContinue));

    public string NothingToContinueHint => Get(nameof(NothingToContinueHint));

    public string NoPageBefore => Get(nameof(NoPageBefore));

    public string NoPageBeforeHint => Get(nameof(NoPageBeforeHint));

    public string ListingExpired => Get(nameof(ListingExpired));

    public string ListingExpiredHint => Get(nameof(ListingExpiredHint));

    public string LatestInvalid(object max) => Format(nameof(LatestInvalid), max);

    public string LatestInvalidHint => Get(nameof(LatestInvalidHint));

    public string LatestCapped(object count) => Format(nameof(LatestCapped), count);

    public string LatestCappedOneShot(object count) => Format(nameof(LatestCappedOneShot), count);

    public string ArchiveEmpty => Get(nameof(ArchiveEmpty));

    public string ArchiveEmptyHint => Get(nameof(ArchiveEmptyHint));

    public string NoOlderItems => Get(nameof(NoOlderItems));

    public string NoOlderItemsHint => Get(nameof(NoOlderItemsHint));

    public string LatestHeading => Get(nameof(LatestHeading));

    public string LatestContinuedHeading => Get(nameof(LatestContinuedHeading));

    public string DateNotUnderstood => Get(nameof(DateNotUnderstood));

    public string ArchiveRuns(object oldest, object newest) => Format(nameof(ArchiveRuns), oldest, newest);

    public string ArchiveNoDated => Get(nameof(ArchiveNoDated));

    public string NothingDated(object when) => Format(nameof(NothingDated), when);

    public string NoMoreForDate => Get(nameof(NoMoreForDate));

    public string NoMoreForDateHint => Get(nameof(NoMoreForDateHint));

    public string DatedHeading(object when) => Format(nameof(DatedHeading), when);

    public string SearchNotUnderstood => Get(nameof(SearchNotUnderstood));

    public string NothingMatches(object query) => Format(nameof(NothingMatches), query);

    public string NothingMatchesHint => Get(nameof(NothingMatchesHint));

    public string NoMoreResults => Get(nameof(NoMoreResults));

    public string NoMoreResultsHint => Get(nameof(NoMoreResultsHint));

    public string SearchHeading(object query) => Format(nameof(SearchHeading), query);

    public string SearchCorrected(object query) => Format(nameof(SearchCorrected), query);

    public string ShowWhich => Get(nameof(ShowWhich));

    public string ShowWhichHint => Get(nameof(ShowWhichHint));

    public string NotAnId(object id) => Format(nameof(NotAnId), id);

    public string NotAnIdHint(object length) => Format(nameof(NotAnIdHint), length);

    public string NoSuchId(object id) => Format(nameof(NoSuchId), id);

    public string NoSuchIdHint => Get(nameof(NoSuchIdHint));

    public string SeveralIds(object prefix) => Format(nameof(SeveralIds), prefix);

    public string HelpIntro => Get(nameof(HelpIntro));

    public string HelpTopic(object usage, object description) => Format(nameof(HelpTopic), usage, description);

    public string SubscriptionsUnavailable => Get(nameof(SubscriptionsUnavailable));

    public string SubscriptionsUnavailableHint => Get(nameof(SubscriptionsUnavailableHint));

    public string NotAdminSubscribe => Get(nameof(NotAdminSubscribe));

    public string NotAdminUnsubscribe => Get(nameof(NotAdminUnsubscribe));

    public string NotAdminLanguage => Get(nameof(NotAdminLanguage));

    public string NotAdminHint => Get(nameof(NotAdminHint));

    public string FilterNotUnderstood => Get(nameof(FilterNotUnderstood));

    public string FilterHint => Get(nameof(FilterHint));

    public string BackfillDateHint => Get(nameof(BackfillDateHint));

    public string BackfillHint => Get(nameof(BackfillHint));

    public string BackfillLastInvalid(object max) => Format(nameof(BackfillLastInvalid), max);

    public string BackfillInvalid => Get(nameof(BackfillInvalid));

    public string AlreadySubscribed => Get(nameof(AlreadySubscribed));

    public string SeeSubscriptions => Get(nameof(SeeSubscriptions));

    public string EveryNewItem => Get(nameof(EveryNewItem));

    public string NewItemsMatching(object filter) => Format(nameof(NewItemsMatching), filter);

    public string NothingFromBefore => Get(nameof(NothingFromBefore));

    public string NoEarlierMatch => Get(nameof(NoEarlierMatch));

    public string OneEarlierItem => Get(nameof(OneEarlierItem));

    public string EarlierItems(object count) => Format(nameof(EarlierItems), count);

    public string SubscribedFooter => Get(nameof(SubscribedFooter));

    public string Subscribed(object what) => Format(nameof(Subscribed), what);

    public string NoSubscriptions => Get(nameof(NoSubscriptions));

    public string NoSubscriptionsHint => Get(nameof(NoSubscriptionsHint));

    public string SubscriptionLine(object number, object what) => Format(nameof(SubscriptionLine), number, what);

    public string SubscriptionStopped(object number, object what, object reason) => Format(nameof(SubscriptionStopped), number, what, reason);

    public string SubscriptionsHeading => Get(nameof(SubscriptionsHeading));

    public string UnsubscribeInvalid => Get(nameof(UnsubscribeInvalid));

    public string UnsubscribeInvalidHint => Get(nameof(UnsubscribeInvalidHint));

    public string Unsubscribed(object what) => Format(nameof(Unsubscribed), what);

    public string NoSuchSubscription(object number) => Format(nameof(NoSuchSubscription), number);

    public string NoSuchSubscriptionHint => Get(nameof(NoSuchSubscriptionHint));

    public string LanguageChosen => Get(nameof(LanguageChosen));

    public string LanguageCurrent => Get(nameof(LanguageCurrent));

    public string LanguageChoices(object codes) => Format(nameof(LanguageChoices), codes);

    public string LanguageUnknown(object code) => Format(nameof(LanguageUnknown), code);

    public string LanguageNotRemembered => Get(nameof(LanguageNotRemembered));

    public string ShowingRange(object first, object last) => Format(nameof(ShowingRange), first, last);

    public string ShowingRangeOf(object first, object last, object total) => Format(nameof(ShowingRangeOf), first, last, total);

    public string ShowingMoreOneShot(object first, object last) => Format(nameof(ShowingMoreOneShot), first, last);

    public string ShowingMoreOfOneShot(object first, object last, object total) => Format(nameof(ShowingMoreOfOneShot), first, last, total);

    public string TypeNext => Get(nameof(TypeNext));

    public string TypePrevious => Get(nameof(TypePrevious));

    public string TypeNextOrPrevious => Get(nameof(TypeNextOrPrevious));

    public string DateUnknown => Get(nameof(DateUnknown));

    public string ForExample(object example) => Format(nameof(ForExample), example);

    public string StatsTitle => Get(nameof(StatsTitle));

    public string StatsItemsFromOneSource(object total) => Format(nameof(StatsItemsFromOneSource), total);

    public string StatsItemsFromSources(object total, object sources) => Format(nameof(StatsItemsFromSources), total, sources);

    public string StatsDated(object oldest, object newest) => Format(nameof(StatsDated), oldest, newest);

    public string StatsOneUndated => Get(nameof(StatsOneUndated));

    public string StatsUndated(object count) => Format(nameof(StatsUndated), count);

    public string StatsFetchOk(object source, object fetched) => Format(nameof(StatsFetchOk), source, fetched);

    public string StatsFetchFailing(object source, object fetched, object failures, object error) => Format(nameof(StatsFetchFailing), source, fetched, failures, error);

    public string StatsOutbox(object pending) => Format(nameof(StatsOutbox), pending);

    public string StatsTarget(object platform, object chat, object delivered, object pending) => Format(nameof(StatsTarget), platform, chat, delivered, pending);

    public string StatsTargetDisabled(object platform, object chat, object delivered, object pending, object reason) => Format(nameof(StatsTargetDisabled), platform, chat, delivered, pending, reason);

    public string TerminalHint => Get(nameof(TerminalHint));

    public string TerminalNoPlatform => Get(nameof(TerminalNoPlatform));

    public string PageOf(object first, object last, object total) => Format(nameof(PageOf), first, last, total);

    public string SourceLink => Get(nameof(SourceLink));

    public string NoAnswer => Get(nameof(NoAnswer));

    public string ItemsCount(object count) => Format(nameof(ItemsCount), count);

    public string FromTo(object from, object to) => Format(nameof(FromTo), from, to);

    public string UndatedCount(object count) => Format(nameof(UndatedCount), count);

    public string SourceOk(object source) => Format(nameof(SourceOk), source);

    public string SourceFailing(object source, object failures, object error) => Format(nameof(SourceFailing), source, failures, error);

    public string AnnouncementsPending(object pending) => Format(nameof(AnnouncementsPending), pending);

    public string ButtonPrevious => Get(nameof(ButtonPrevious));

    public string ButtonNext => Get(nameof(ButtonNext));

    public string ButtonShow(object id) => Format(nameof(ButtonShow), id);

    public string NoItems => Get(nameof(NoItems));

    public string ItemsRange(object first, object last) => Format(nameof(ItemsRange), first, last);

    public string ItemsRangeOf(object first, object last, object total) => Format(nameof(ItemsRangeOf), first, last, total);

    public string Undated => Get(nameof(Undated));

    public string DateSpan(object from, object to) => Format(nameof(DateSpan), from, to);

    public string NothingFound => Get(nameof(NothingFound));

    public string NoText => Get(nameof(NoText));

    public string CommandsTitle => Get(nameof(CommandsTitle));

    public string HelpLineExample(object description, object example) => Format(nameof(HelpLineExample), description, example);

    public string ArchiveTitle => Get(nameof(ArchiveTitle));

    public string NoDatedItems => Get(nameof(NoDatedItems));

    public string StatsSummary(object total, object undated, object range) => Format(nameof(StatsSummary), total, undated, range);

    public string MoreSources(object count) => Format(nameof(MoreSources), count);

    public string ButtonGone => Get(nameof(ButtonGone));

    private string Get(string key) => _strings[key].Value;

    private string Format(string key, params object[] arguments) => _strings[key, arguments].Value;
}
