using BulletinBot.Core.Chats;

namespace BulletinBot.Core.Commands;

/// <summary>The next page of an earlier listing: the chat's most recent one, or the one a button's token names.</summary>
public sealed record NextCommand(string? Token) : Command
{
    public static CommandSpec Spec { get; } = new(
        "next", "siguiente", ["more", "n", "mas", "más"], [],
        "The next page of the last listing", "La página siguiente del último listado", "next",
        text => CommandCatalog.ParsePaging(text, "next", token => new NextCommand(token)));

    internal override Reply Answer(CommandHandler handler, ChatContext chat) => handler.Listings.Resume(chat, Token, forward: true);
}
