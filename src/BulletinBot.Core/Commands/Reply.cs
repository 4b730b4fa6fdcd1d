using BulletinBot.Core.Search;

namespace BulletinBot.Core.Commands;

public enum ReplyKind
{
    /// <summary>A page of items: latest, search and date.</summary>
    List,

    /// <summary>One item in full.</summary>
    Item,
    Help,
    Stats,

    /// <summary>The command could not be carried out; <see cref="Reply.Notes"/> says why and what works.</summary>
    Error,
}

/// <summary>
/// A platform-neutral answer. Adapters render it in their own markup and within their own limits;
/// nothing here is escaped or formatted for any platform.
/// </summary>
public sealed record Reply
{
    public required ReplyKind Kind { get; init; }

    public string? Heading { get; init; }

    public IReadOnlyList<ReplyCard> Cards { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    public IReadOnlyList<HelpEntry> Help { get; init; } = [];

    public ReplyPaging? Paging { get; init; }

    public static Reply Error(string message) => new() { Kind = ReplyKind.Error, Notes = [message] };
}

/// <summary>One bulletin as a card. A list card has a snippet; an item card has the whole text.</summary>
public sealed record ReplyCard(
    string ShortId,
    MarkedText Title,
    DateOnly? Date,
    DateOnly? EndDate,
    string Source,
    MarkedText? Snippet,
    IReadOnlyList<string> Paragraphs);

/// <summary>Where a page sits in its listing. <see cref="NextToken"/> is null on the last page.</summary>
public sealed record ReplyPaging(int First, int Last, int Total, bool TotalIsExact, string? NextToken)
{
    public bool HasMore => NextToken is not null;
}

public sealed record HelpEntry(string Usage, string Description, string Example);
