using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Composition;
using BulletinBot.Core.Ingestion;

namespace BulletinBot.Terminal;

/// <summary>The bot without a chat platform: a chat in the terminal, or one question and its answer.</summary>
internal static class TerminalSession
{
    private static readonly string[] PlatformTokenSettings = ["Telegram:BotToken", "Discord:BotToken"];

    public static async Task<int> RunAsync(
        TextReader input,
        TextWriter output,
        TextWriter error,
        IReadOnlyDictionary<string, string?>? overrides,
        CancellationToken cancellationToken)
    {
        var (host, report) = await StartAsync(overrides, interactive: true, cancellationToken, platforms: true);
        using var owned = host;
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        if (PlatformServiceCollectionExtensions.AnyConfigured(configuration))
        {
            // Live on a platform: no terminal chat; run until stopped (Ctrl+C, SIGTERM).
            await output.WriteLineAsync($"BulletinBot: {Summary(report)} Live until stopped.");
            await host.WaitForShutdownAsync(cancellationToken);
            return BotCli.Ok;
        }

        var interactive = !Console.IsInputRedirected && ReferenceEquals(input, Console.In);
        var atTerminal = interactive && !Console.IsOutputRedirected;
        var renderer = new TerminalRenderer(output, color: atTerminal, width: atTerminal ? Math.Clamp(Console.WindowWidth, 40, 120) : null);

        await output.WriteLineAsync($"BulletinBot: {Summary(report)}");
        if (PlatformTokenSettings.All(key => string.IsNullOrWhiteSpace(configuration[key])))
        {
            await output.WriteLineAsync(
                "No chat platform is configured, so this is the terminal chat. Set Telegram__BotToken or Discord__BotToken (environment) to go live.");
        }
        else
        {
            await error.WriteLineAsync("A platform token is set, but this build has no adapter for it; the terminal chat runs instead.");
        }

        await output.WriteLineAsync("Type help for the commands, quit to leave.");
        var conversation = host.Services.GetRequiredService<IConversation>();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (interactive)
            {
                await output.WriteAsync("> ");
            }

            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() is "quit" or "exit" or "q" or "/quit")
            {
                break;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var reply = await conversation.AnswerAsync(line, ChatContext.Terminal, cancellationToken)
                ?? await conversation.AnswerAsync(new HelpCommand(null), ChatContext.Terminal, cancellationToken);
            await renderer.WriteAsync(reply, cancellationToken);
        }

        await host.StopAsync(cancellationToken);
        return BotCli.Ok;
    }

    public static async Task<int> AskAsync(
        string text,
        TextWriter output,
        TextWriter error,
        IReadOnlyDictionary<string, string?>? overrides,
        CancellationToken cancellationToken)
    {
        var (host, _) = await StartAsync(overrides, interactive: true, cancellationToken);
        using var owned = host;
        var conversation = host.Services.GetRequiredService<IConversation>();
        var reply = await conversation.AnswerAsync(text, ChatContext.Terminal, cancellationToken)
            ?? await conversation.AnswerAsync(new HelpCommand(null), ChatContext.Terminal, cancellationToken);
        var failed = reply is ErrorReply;
        await new TerminalRenderer(failed ? error : output, color: false).WriteAsync(reply, cancellationToken);
        await host.StopAsync(cancellationToken);
        return failed ? BotCli.BadCommand : BotCli.Ok;
    }

    public static async Task<int> IngestAsync(
        TextWriter output,
        IReadOnlyDictionary<string, string?>? overrides,
        CancellationToken cancellationToken)
    {
        var (host, report) = await StartAsync(overrides, interactive: false, cancellationToken);
        using var owned = host;
        await output.WriteLineAsync(Summary(report));
        await host.StopAsync(cancellationToken);
        return report.Failed == 0 ? BotCli.Ok : BotCli.BadCommand;
    }

    /// <summary>Starts the host (which validates the options) and brings the store up to date with the sources.</summary>
    private static async Task<(IHost Host, IngestReport Report)> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides, bool interactive, CancellationToken cancellationToken, bool platforms = false)
    {
        var host = BotHost.Build(overrides, interactive, platforms);
        try
        {
            await host.StartAsync(cancellationToken);
            var report = await host.Services.GetRequiredService<Ingestor>()
                .IngestAsync(host.Services.GetRequiredService<IBulletinSource>(), cancellationToken);
            return (host, report);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static string Summary(IngestReport report) =>
        $"{report.Pages} page(s) read: {report.Added} new item(s), {report.Updated} updated, "
        + $"{report.Unchanged} page(s) unchanged, {report.Failed} page(s) skipped.";
}
