using BulletinBot.Core.Announcing;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using BulletinBot.Core.Text;

namespace BulletinBot.Core.Commands;

/// <summary>
/// A platform-neutral answer, one of a closed set. Adapters render each kind in their own markup and
/// within their own limits; nothing here is escaped or formatted for any platform.
/// </summary>
public abstract record Reply
{
    /// <summary>The reader's language, which the adapter words the reply in (labels, paging lines, stats); null is English.</summary>
    public string? Language { get; init; }
}

/// <summary>A page of items (latest, search, date), with the actions to page on.</summary>
public sealed record ListReply(string Heading, IReadOnlyList<BulletinCard> Cards, ListPage Page, IReadOnlyList<string> Notes) : Reply;

/// <summary>One item in full.</summary>
public sealed record ItemReply(BulletinItem Item) : Reply;

/// <summary>The commands, from the catalog.</summary>
public sealed record HelpReply(string Intro, IReadOnlyList<CommandSpec> Commands) : Reply;

/// <summary>What the archive holds, as numbers; the adapter words them.</summary>
public sealed record StatsReply(int Total, int Undated, DateOnly? Oldest, DateOnly? Newest, IReadOnlyList<SourceCount> Sources) : Reply
{
    /// <summary>Each source the bot reads: when it was last fetched and the last error, if any.</summary>
    public IReadOnlyList<SourceStatus> Fetches { get; init; } = [];

    /// <summary>The announcement targets and the outbox depth, when the bot announces.</summary>
    public AnnouncementStatistics? Announcements { get; init; }

    /// <summary>The zone the fetch times are shown in (<c>Bot:TimeZone</c>), named beside them (see <see cref="Dates.BotClock.Show(DateTimeOffset, TimeZoneInfo)"/>).</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;
}

/// <summary>A short confirmation or listing that is not about items (subscribe, subscriptions, unsubscribe).</summary>
public sealed record NoticeReply(string Heading, IReadOnlyList<string> Lines) : Reply;

/// <summary>What went wrong, and what would work instead.</summary>
public sealed record ErrorReply(string Problem, string Hint) : Reply
{
    /// <summary>The command was understood and nothing matched (an empty archive, a search or date with no items): an answer, not a failure.</summary>
    public bool IsEmptyResult { get; init; }

    public string Text => Hint.Length == 0 ? Problem : $"{Problem} {Hint}";
}

/// <summary>One bulletin in a list: the title and a snippet, matches marked, and the action that shows it whole.</summary>
public sealed record BulletinCard(string ShortId, MarkedText Title, DateOnly? Date, DateOnly? EndDate, string Source, MarkedText Snippet)
{
    public ReplyAction Show => new(ReplyActionKind.ShowItem, ShortId);
}

/// <summary>
/// Where a page sits in its listing: items <see cref="First"/> to <see cref="Last"/>, of
/// <see cref="Total"/> when the total is known exactly, and the actions to the pages beside it.
/// </summary>
public sealed record ListPage(int First, int Last, int? Total, ReplyAction? Previous, ReplyAction? Next)
{
    /// <summary>More items follow, though this chat cannot page to them (it remembers no listing); with a <see cref="Next"/> there are more too.</summary>
    public bool More { get; init; }

    public static ListPage Whole(int count) => new(count == 0 ? 0 : 1, count, count, null, null);
}

public enum ReplyActionKind
{
    NextPage,
    PreviousPage,
    ShowItem,
}

/// <summary>
/// Something a person can do from a reply, which an adapter may render as a button. Its
/// <see cref="CommandText"/> is what the button feeds back into the conversation: short ASCII that
/// fits a Telegram callback_data (64 bytes) and a Discord custom_id (100 characters).
/// </summary>
public sealed record ReplyAction(ReplyActionKind Kind, string Argument)
{
    public string CommandText => Kind switch
    {
        ReplyActionKind.NextPage => $"next {Argument}",
        ReplyActionKind.PreviousPage => $"previous {Argument}",
        _ => $"show {Argument}",
    };
}
