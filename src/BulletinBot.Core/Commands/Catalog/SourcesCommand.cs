using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;

namespace BulletinBot.Core.Commands;

/// <summary>The configured sources by the names <c>source:</c> takes: each one's items and when it was last read.</summary>
public sealed record SourcesCommand : Command
{
    public static CommandSpec Spec { get; } = new(
        "sources", "fuentes", [], [],
        "The sources, their items and last read; narrow a listing with source:name",
        "Las fuentes, sus noticias y última lectura; limita un listado con source:nombre",
        "sources",
        _ => new SourcesCommand())
    {
        NamePt = "fontes",
        DescriptionFr = "Les sources, leurs articles et leur dernière lecture ; filtrez une liste avec source:nom",
        DescriptionPt = "As fontes, suas notícias e última leitura; filtre uma lista com source:nome",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        var say = BotText.For(chat);
        if (handler.Sources is not { All.Count: > 0 } sources)
        {
            return new NoticeReply(say.SourcesHeading, [say.SourcesNone]);
        }

        var lines = new List<string>(sources.All.Count + 1);
        foreach (var source in sources.All)
        {
            var summary = handler.Store.Summarise(source.Origin);
            var status = handler.SourceStatus?.Get(source.Origin);

            // This process's last fetch (an unchanged page is fetched, not stored), else the last page the store holds.
            var lastRead = Later(status?.LastFetch, summary.LastStored);
            lines.Add(lastRead is not { } at
                ? say.SourceLineNeverRead(source.Name, summary.Items)
                : status?.LastError is { } error
                    ? say.SourceLineFailing(source.Name, summary.Items, handler.Clock.Show(at), Listings.Shorten(error, 200))
                    : say.SourceLine(source.Name, summary.Items, handler.Clock.Show(at)));
        }

        lines.Add(say.SourcesFooter(sources.All[0].Name));
        return new NoticeReply(say.SourcesHeading, lines);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a > b ? a : b;
}
