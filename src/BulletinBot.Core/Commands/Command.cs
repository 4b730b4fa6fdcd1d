namespace BulletinBot.Core.Commands;

/// <summary>What a person asked for, whatever the platform they typed it on.</summary>
public abstract record Command;

public sealed record LatestCommand(int Requested) : Command;

public sealed record SearchCommand(string Query) : Command;

public sealed record DateCommand(string When) : Command;

public sealed record ShowCommand(string Id) : Command;

/// <summary>The next page of an earlier listing: the chat's most recent one, or the one a button's token names.</summary>
public sealed record NextCommand(string? Token) : Command;

public sealed record HelpCommand(string? Topic) : Command;

public sealed record StatsCommand : Command;

/// <summary>Text that is not a command we know, with a message that says what would work.</summary>
public sealed record InvalidCommand(string Message) : Command;

/// <summary>Where a command came from; continuations are kept per chat.</summary>
public sealed record ChatContext(string Platform, string ChatId)
{
    public string Key => $"{Platform}:{ChatId}";

    public static ChatContext Terminal { get; } = new("terminal", "local");
}
