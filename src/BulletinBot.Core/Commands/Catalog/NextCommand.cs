using BulletinBot.Core.Chats;

namespace BulletinBot.Core.Commands;

/// <summary>The next page of an earlier listing: the chat's most recent one, or the one a button's token names.</summary>
public sealed record NextCommand(string? Token) : Command
{
    public static CommandSpec Spec { get; } = new(
        "next", "siguiente", ["more", "n", "mas", "más", "próximo"], [],
        "The next page of the last listing", "La página siguiente del último listado", "next",
        text => CommandCatalog.ParsePaging(text, "next", token => new NextCommand(token)))
    {
        NameFr = "suivant",
        NamePt = "proximo",
        DescriptionFr = "La page suivante de la dernière liste",
        DescriptionPt = "A próxima página da última lista",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat) => handler.Listings.Resume(chat, Token, forward: true);
}
