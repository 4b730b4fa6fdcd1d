using BulletinBot.Composition;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Owner;

namespace BulletinBot.Terminal;

/// <summary>The terminal adapter: a chat in the terminal, or one question and its answer.</summary>
internal static class TerminalSession
{
    public static async Task<int> ChatAsync(IConfiguration configuration, TextReader input, TextWriter output, CancellationToken cancellation)
    {
        using var host = BotHost.Build(configuration, HostMode.Chat, interactive: true, role: "chat");

        // A chat searches sooner or later: the index opens meanwhile rather than at the first search.
        _ = host.Services.GetRequiredService<BulletinSearch>().PrepareAsync();
        await host.StartAsync(cancellation);

        // Ctrl-C reaches either the command line's token or the host's lifetime; both leave the chat.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellation, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = linked.Token;
        var report = await host.Services.GetRequiredService<IngestionService>().IngestAllAsync(cancellationToken);

        var atTerminal = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected;
        IReplyRenderer renderer = atTerminal && !Console.IsOutputRedirected
            ? new ConsoleRenderer(output, () => Console.WindowWidth, ansi: true)
            : new PlainTextRenderer(output);

        await output.WriteLineAsync($"BulletinBot: {Summary(report)}");
        await output.WriteLineAsync(
            "No chat platform is configured, so this is the terminal chat. Set Telegram__BotToken or Discord__BotToken (environment) to go live.");
        await output.WriteLineAsync("Type help for the commands, quit (or Ctrl-D) to leave.");

        var conversation = host.Services.GetRequiredService<IConversation>();
        try
        {
            while (true)
            {
                if (atTerminal)
                {
                    await output.WriteAsync("> ");
                }

                // Console.In reads synchronously even when asked asynchronously; reading on the pool lets
                // Ctrl-C abandon the read instead of waiting for a line that never comes.
                var line = await Task.Run(input.ReadLine, CancellationToken.None).WaitAsync(cancellationToken);
                if (line is null)
                {
                    if (atTerminal)
                    {
                        await output.WriteLineAsync();
                    }

                    break;
                }

                if (line.Trim() is "quit" or "exit" or "q" or "/quit")
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
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync();
        }

        await host.StopAsync(CancellationToken.None);
        return BotCli.Ok;
    }

    public static async Task<int> AskAsync(IConfiguration configuration, string text, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await ForwardAsync(configuration, new OwnerRequest("ask", text), output, error, cancellationToken) is { } forwarded)
        {
            return forwarded;
        }

        StartTrace.Mark("configuration loaded, no owner on the socket");
        await using var host = OneShotHost.Build(configuration, role: "ask");
        StartTrace.Mark("services composed");

        // A search opens the index meanwhile, on the other core, while the options are checked and the sources read.
        var preparing = CommandParser.Parse(text) is SearchCommand
            ? host.Services.GetRequiredService<BulletinSearch>().PrepareAsync()
            : Task.CompletedTask;
        host.Start();
        StartTrace.Mark("options validated");
        await host.Services.GetRequiredService<IngestionService>().IngestAllAsync(cancellationToken);
        StartTrace.Mark("store opened, sources read");
        var conversation = host.Services.GetRequiredService<IConversation>();
        var reply = await conversation.AnswerAsync(text, ChatContext.OneShot, cancellationToken)
            ?? await conversation.AnswerAsync(new HelpCommand(null), ChatContext.OneShot, cancellationToken);
        StartTrace.Mark("answered");
        var failed = reply is ErrorReply;
        await new PlainTextRenderer(failed ? error : output).WriteAsync(reply, cancellationToken);
        await preparing;
        StartTrace.Mark("rendered");
        return failed ? BotCli.NotUnderstood : BotCli.Ok;
    }

    public static async Task<int> IngestAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (await ForwardAsync(configuration, new OwnerRequest("ingest"), output, error, cancellationToken) is { } forwarded)
        {
            return forwarded;
        }

        using var host = BotHost.Build(configuration, HostMode.OneShot, interactive: false, role: "ingest");
        await host.StartAsync(cancellationToken);
        var report = await host.Services.GetRequiredService<IngestionService>().IngestAllAsync(cancellationToken);
        await output.WriteLineAsync(Summary(report));
        await host.StopAsync(CancellationToken.None);
        return report.Failed == 0 ? BotCli.Ok : BotCli.NotUnderstood;
    }

    /// <summary>The bot as a service: every platform whose token is set, until SIGTERM or Ctrl-C; stdin is never read.</summary>
    public static async Task<int> ServeAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        using var host = BotHost.Build(configuration, HostMode.Service, interactive: false, role: "bot");
        await host.StartAsync(cancellationToken);

        // The host's console lifetime turns SIGTERM and Ctrl-C into a stop; the token covers a caller that
        // cancels. Either way the services get the host's shutdown timeout to finish what they send.
        await host.WaitForShutdownAsync(cancellationToken);

        // A store lost to a full disk stops the host, whichever service met it first: a supervisor must see a failure
        // and start it again.
        if (host.Services.GetService<DiskSpace>()?.Probe() is { } fatal)
        {
            await Console.Error.WriteLineAsync($"Storage error: {fatal}");
            return BotCli.StorageFailure;
        }

        return BotCli.Ok;
    }

    /// <summary>
    /// When a bot or a chat owns the store, it answers the request; this process never opens the file.
    /// Returns null when no owner answers, so the caller opens the store itself.
    /// </summary>
    public static async Task<int?> ForwardAsync(
        IConfiguration configuration, OwnerRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var storePath = CoreServiceCollectionExtensions.StorePath(configuration);
        if (await OwnerProtocol.TrySendAsync(storePath, request, cancellationToken) is not { } response)
        {
            return null;
        }

        await output.WriteAsync(response.Output);
        await error.WriteAsync(response.Error);
        return response.Code;
    }

    public static string Summary(IngestReport report) =>
        $"{report.Pages} page(s) read: {report.Added} new item(s), {report.Updated} updated, "
        + $"{report.Unchanged} page(s) unchanged, {report.Failed} page(s) skipped.";
}
