using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>One item in full, by its id or enough of it.</summary>
public sealed record ShowCommand(string Id) : Command
{
    public static CommandSpec Spec { get; } = new(
        "show", "ver", ["get", "open", "mostrar", "afficher"],
        [new("id", ArgumentKind.Text, true, 4, 16,
            "The item's id (the 7 characters beside every item)", "El id de la noticia (los 7 caracteres junto a cada una)")],
        "One item in full; ids are the 7 characters beside every item",
        "Una noticia completa; el id son los 7 caracteres junto a cada una",
        "show k3j9x2a",
        text => text.Length == 0
            ? InvalidCommand.Saying(say => new(say.ShowWhich, say.ShowWhichHint))
            : new ShowCommand(text.Split(' ', 2)[0]))
    {
        NameFr = "voir",
        NamePt = "ver",
        DescriptionFr = "Un article en entier ; l'id, ce sont les 7 caractères à côté de chaque article",
        DescriptionPt = "Uma notícia completa; o id são os 7 caracteres ao lado de cada uma",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        var say = BotText.For(chat);
        var wanted = Id.Trim().ToLowerInvariant();
        if (!BulletinId.LooksLikeId(wanted))
        {
            return new ErrorReply(say.NotAnId(Listings.Shorten(Id, 30)), say.NotAnIdHint(BulletinId.ShortLength));
        }

        var matches = handler.Store.FindByIdPrefix(wanted, 6);
        return matches.Count switch
        {
            0 => new ErrorReply(say.NoSuchId(wanted), say.NoSuchIdHint),
            1 => new ItemReply(BulletinItem.Of(matches[0])),
            _ => new ListReply(
                say.SeveralIds(wanted),
                matches.Take(5).Select(b => Listings.Card(b, null)).ToList(),
                ListPage.Whole(Math.Min(matches.Count, 5)),
                []),
        };
    }
}
