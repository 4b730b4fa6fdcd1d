using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>The list of commands, or one of them explained.</summary>
public sealed record HelpCommand(string? Topic) : Command
{
    public static CommandSpec Spec { get; } = new(
        "help", "ayuda", ["start", "?", "commands", "comandos"],
        [new("topic", ArgumentKind.Text, false, 1, 32, "A command to explain", "Un comando a explicar")],
        "The list of commands, or one command explained", "La lista de comandos, o uno explicado", "help search",
        text => new HelpCommand(text.Length == 0 ? null : text))
    {
        NameFr = "aide",
        NamePt = "ajuda",
        DescriptionFr = "La liste des commandes, ou une commande expliquée",
        DescriptionPt = "A lista de comandos, ou um comando explicado",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        var wanted = Topic?.Trim().TrimStart('/');
        if (!string.IsNullOrEmpty(wanted) && CommandCatalog.Find(wanted.Split(' ')[0]) is { } spec)
        {
            return new HelpReply(BotText.For(chat).HelpTopic(spec.UsageIn(chat.Language), spec.DescriptionIn(chat.Language)), [spec]);
        }

        return new HelpReply(
            BotText.For(chat).HelpIntro,
            CommandCatalog.All.Where(c => c.ListedInMenus).ToList());
    }
}
