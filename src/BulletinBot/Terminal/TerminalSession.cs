using BulletinBot.Core.Chats;
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
    /// <summary>Said when the chat's input ends before any command and no platform is configured.</summary>
    public const string NoPlatformMessage =
        "No platform token is set (Telegram__BotToken, Discord__BotToken) and standard input ended before any command: "
        + "set a token to run the bot, or start it in a terminal (docker run -it) for the chat.";

    public static async Task<int> ChatAsync(IConfiguration configuration, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        var atTerminal = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected;

        // Under "docker run -d" without -i, stdin is empty: a chat nobody can talk to is a forgotten token,
        // not a clean stop. The first command is read from the start, so an input that is already over
        // is known before the chat says anything.
        Task<string?>? first = atTerminal ? null : Task.Run(() => FirstCommand(input), CancellationToken.None);
        var commands = 0;

        using var host = BotHost.Build(configuration, HostMode.Chat, interactive: true, role: "chat");

        // A chat searches sooner or later: the index opens meanwhile rather than at the first search.
        _ = host.Services.GetRequiredService<BulletinSearch>().PrepareAsync();
        await host.StartAsync(cancellation);

        // Ctrl-C reaches either the command line's token or the host's lifetime; both leave the chat.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellation, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = linked.Token;
        var report = await host.Services.GetRequiredService<IngestionService>().IngestAllAsync(cancellationToken);

        IReplyRenderer renderer = atTerminal && !Console.IsOutputRedirected
            ? new ConsoleRenderer(output, () => Console.WindowWidth, ansi: true)
            : new PlainTextRenderer(output);

        if (first is { IsCompleted: true } && await first is null)
        {
            await error.WriteLineAsync(NoPlatformMessage);
            await host.StopAsync(CancellationToken.None);
            return BotCli.BadConfiguration;
        }

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
                var line = await (first ?? Task.Run(input.ReadLine, CancellationToken.None)).WaitAsync(cancellationToken);
                first = null;
                if (line is null)
                {
                    if (atTerminal)
                    {
                        await output.WriteLineAsync();
                    }
                    else if (commands == 0)
                    {
                        await error.WriteLineAsync(NoPlatformMessage);
                        await host.StopAsync(CancellationToken.None);
                        return BotCli.BadConfiguration;
                    }

                    break;
                }

                commands++;

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

    /// <summary>The first line that is not blank, or null when the input ends before one.</summary>
    private static string? FirstCommand(TextReader input)
    {
        string? line;
        do
        {
            line = input.ReadLine();
        }
        while (line is not null && line.Trim().Length == 0);
        return line;
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
        host.Start();
        StartTrace.Mark("options validated");
        MustExist(CoreServiceCollectionExtensions.StorePath(host.Services));

        // A search opens the index meanwhile, on the other core, while the store opens for the answer.
        var preparing = CommandParser.Parse(text) is SearchCommand
            ? host.Services.GetRequiredService<BulletinSearch>().PrepareAsync()
            : Task.CompletedTask;

        // ask answers from what is stored: reading the sources is ingest's and the bot's work, and would write the store.
        var conversation = host.Services.GetRequiredService<IConversation>();
        var reply = await conversation.AnswerAsync(text, ChatContext.OneShot, cancellationToken)
            ?? await conversation.AnswerAsync(new HelpCommand(null), ChatContext.OneShot, cancellationToken);
        StartTrace.Mark("answered");
        var failed = Failed(reply);
        await new PlainTextRenderer(failed ? error : output).WriteAsync(reply, cancellationToken);
        await preparing;
        StartTrace.Mark("rendered");
        return failed ? BotCli.NotUnderstood : BotCli.Ok;
    }

    /// <summary>An empty result (nothing matches, nothing dated, an empty archive) is an answer; other errors are not.</summary>
    public static bool Failed(Reply reply) => reply is ErrorReply { IsEmptyResult: false };

    /// <summary>ask only reads: a store that is not there is not made, and the user is told how one is.</summary>
    private static void MustExist(string storePath)
    {
        if (storePath != Core.Storage.StorageOptions.InMemory && !File.Exists(storePath) && !Directory.Exists(storePath))
        {
            throw new Core.Storage.StorageException(
                $"There is no store at {storePath} yet: run \"BulletinBot ingest\" (or start the bot) to fill it, then ask again.");
        }
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
        // and start it again (exit 3).
        if (host.Services.GetService<DiskSpace>()?.Probe() is { } fatal)
        {
            throw new StorageException(fatal);
        }

        // Every platform refused its token: the process had no use left, and says which setting to fix (exit 2).
        return host.Services.GetService<PlatformRefusals>()?.Fatal is { } refused
            ? throw new PlatformRefusedException(refused)
            : BotCli.Ok;
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
