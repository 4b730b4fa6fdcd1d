namespace BulletinBot.Core.Commands;

/// <summary>What a person asked for, whatever the platform they typed it on.</summary>
public abstract record Command;

public sealed record LatestCommand(int Requested) : Command;

public sealed record SearchCommand(string Query) : Command;

public sealed record DateCommand(string When) : Command;

public sealed record ShowCommand(string Id) : Command;

/// <summary>The next page of an earlier listing: the chat's most recent one, or the one a button's token names.</summary>
public sealed record NextCommand(string? Token) : Command;

/// <summary>The page before: of the chat's current listing, or the one a button's token names.</summary>
public sealed record PreviousCommand(string? Token) : Command;

public sealed record HelpCommand(string? Topic) : Command;

public sealed record StatsCommand : Command;

/// <summary>Announce new items in this chat: those matching <paramref name="Filter"/> (all when empty), after a backfill of the last N or those dated since a day.</summary>
public sealed record SubscribeCommand(string Filter, int? BackfillLast = null, string? BackfillSince = null) : Command;

public sealed record SubscriptionsCommand : Command;

/// <summary>End the chat's subscription numbered <paramref name="Number"/> in its <c>subscriptions</c> list.</summary>
public sealed record UnsubscribeCommand(int Number) : Command;

/// <summary>Text that is not a command we know, with what went wrong and what would work.</summary>
public sealed record InvalidCommand(string Problem, string Hint) : Command;
