namespace BulletinBot.Core.Chats;

/// <summary>What kind of chat a message came from; groups and channels have rules private chats don't.</summary>
public enum ChatKind
{
    Private,
    Group,
    Channel,
}

/// <summary>
/// Where a message came from, as an adapter describes it: the platform (one of <see cref="Platforms"/>), the
/// chat, its kind, the sender and whether the sender may administer the chat, and the bot's own name there (so
/// "/latest@OtherBot" can be told apart). Listings are kept per chat. Commands and announcements both read it,
/// so it sits below them, not in the conversation port that hands it in.
/// </summary>
public sealed record ChatContext(
    string Platform,
    string ChatId,
    ChatKind Kind = ChatKind.Private,
    string? SenderId = null,
    bool SenderIsAdmin = false,
    string? BotName = null)
{
    public string Key => $"{Platform}:{ChatId}";

    /// <summary>Who is asking, for per-user limits: the sender where known, else the chat.</summary>
    public string SenderKey => SenderId is null ? Key : $"{Platform}:user:{SenderId}";

    /// <summary>
    /// Whether this chat pages: its listings are remembered, so "next" and "previous" resume them. A
    /// one-shot question (the ask verb) remembers none, and so writes nothing to answer a listing.
    /// </summary>
    public bool RemembersListings { get; init; } = true;

    /// <summary>
    /// Whether the adapter already took this command from the sender's command budget when it arrived,
    /// so the conversation must not take it again.
    /// </summary>
    public bool Admitted { get; init; }

    /// <summary>
    /// The reader's language as the platform tells it (Telegram's language_code, Discord's locale, the terminal's
    /// LANG): a code of <see cref="Localization.Languages"/>, English unless the adapter knows better. A chat's own
    /// choice (the language command) comes before it.
    /// </summary>
    public string Language { get; init; } = Localization.Languages.English;

    public static ChatContext Terminal { get; } = new(Platforms.Terminal, "local", ChatKind.Private, "local", SenderIsAdmin: true);

    /// <summary>One question from the command line and its answer: the terminal, remembering no listing.</summary>
    public static ChatContext OneShot { get; } = Terminal with { RemembersListings = false };
}
