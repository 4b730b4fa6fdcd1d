using BulletinBot.Composition;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Terminal;

namespace BulletinBot.Verbs;

/// <summary>
/// What run does with no platform token: the bot composed for a chat in this terminal. It owns the store (so other
/// processes' ask, ingest and health are answered by it), reads the sources at start and in the background, and hands
/// the terminal to <see cref="TerminalSession"/>.
/// </summary>
internal static class ChatVerb
{
    public static async Task<int> RunAsync(
        IConfiguration configuration, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var session = TerminalSession.Open(input, output, error);
        using var host = BotHost.Build(configuration, HostMode.Chat, interactive: true, role: "chat");

        // A chat searches sooner or later: the index opens meanwhile rather than at the first search.
        _ = host.Services.GetRequiredService<BulletinSearch>().PrepareAsync();
        await host.StartAsync(cancellation);

        // Ctrl-C reaches either the command line's token or the host's lifetime; both leave the chat.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellation, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var report = await host.Services.GetRequiredService<IngestionService>().IngestAllAsync(linked.Token);
        var code = await session.RunAsync(host.Services.GetRequiredService<IConversation>(), AnswerText.Summary(report), linked.Token);
        await host.StopAsync(CancellationToken.None);
        return code;
    }
}
