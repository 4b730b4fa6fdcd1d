using BulletinBot.Core.Chats;

namespace BulletinBot.Core.Commands;

/// <summary>What the archive holds, what each source last did, and the announcements' state.</summary>
public sealed record StatsCommand : Command
{
    public static CommandSpec Spec { get; } = new(
        "stats", "estadisticas", ["status", "estadísticas", "estatísticas"], [],
        "What the archive holds", "Qué contiene el archivo", "stats",
        _ => new StatsCommand())
    {
        NameFr = "statistiques",
        NamePt = "estatisticas",
        DescriptionFr = "Ce que contient l'archive",
        DescriptionPt = "O que o arquivo contém",
    };

    internal override Reply Answer(CommandHandler handler, ChatContext chat)
    {
        var statistics = handler.Store.Statistics();
        return new StatsReply(statistics.Total, statistics.Undated, statistics.Oldest, statistics.Newest, statistics.Sources)
        {
            Fetches = handler.SourceStatus?.All() ?? [],
            Announcements = handler.Subscriptions?.Statistics(),
            Zone = handler.Clock.Zone,
        };
    }
}
