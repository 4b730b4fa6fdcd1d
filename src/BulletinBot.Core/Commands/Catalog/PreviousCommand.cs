using BulletinBot.Core.Chats;

namespace BulletinBot.Core.Commands;

/// <summary>The page before: of the chat's current listing, or the one a button's token names.</summary>
public sealed record PreviousCommand(string? Token) : Command
{
    public static CommandSpec Spec { get; } = new(
        "previous", "anterior", ["prev", "back", "atras", "atrás", "précédent"], [],
        "The page before, in the last listing", "La página anterior del último listado", "previous",
        text => CommandCatalog.ParsePaging(text, "previous", token => new PreviousCommand(token)),
        ListedInMenus: false)
    {
        NameFr = "precedent",
        NamePt = "anterior",
        DescriptionFr = "La page précédente de la dernière liste",
        DescriptionPt = "A página anterior da última lista",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat) => handler.Listings.Resume(chat, Token, forward: false);
}
