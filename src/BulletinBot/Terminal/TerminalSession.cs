using BulletinBot.Core.Chats;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Localization;

namespace BulletinBot.Terminal;

/// <summary>
/// The terminal adapter: a chat in this terminal (or over a pipe) with the conversation port. It starts reading the
/// first command as soon as it is opened, so an input that is already over is known before the chat says anything.
/// </summary>
internal sealed class TerminalSession
{
    /// <summary>Said when the chat's input ends before any command and no platform is configured.</summary>
    public const string NoPlatformMessage =
        "No platform token is set (Telegram__BotToken, Discord__BotToken) and standard input ended before any command: "
        + "set a token to run the bot, or start it in a terminal (docker run -it) for the chat.";

    private readonly TextReader _input;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly bool _atTerminal;
    private Task<string?>? _first;

    private TerminalSession(TextReader input, TextWriter output, TextWriter error)
    {
        _input = input;
        _output = output;
        _error = error;
        _atTerminal = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected;

        // Under "docker run -d" without -i, stdin is empty: a chat nobody can talk to is a forgotten token, not a
        // clean stop. The first command is read from the start, while the bot composes and reads its sources.
        _first = _atTerminal ? null : Task.Run(() => FirstCommand(input), CancellationToken.None);
    }

    /// <summary>Opens the session on these streams; the first command is read at once when they are not a terminal.</summary>
    public static TerminalSession Open(TextReader input, TextWriter output, TextWriter error) => new(input, output, error);

    /// <summary>
    /// Greets with <paramref name="summary"/> (what the sources gave), then answers each line until quit, the end of the
    /// input or cancellation. Returns <see cref="ExitCodes.BadConfiguration"/> when the input ended before any command.
    /// </summary>
    public async Task<int> RunAsync(IConversation conversation, string summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        IReplyRenderer renderer = _atTerminal && !Console.IsOutputRedirected
            ? new ConsoleRenderer(_output, () => Console.WindowWidth, ansi: true)
            : new PlainTextRenderer(_output);

        if (_first is { IsCompleted: true } && await _first is null)
        {
            await _error.WriteLineAsync(NoPlatformMessage);
            return ExitCodes.BadConfiguration;
        }

        // The reader's language is the terminal's (LC_ALL, LC_MESSAGES, LANG), unless the chat chose one (language).
        var chat = ChatContext.Terminal with { Language = Languages.FromEnvironment(Environment.GetEnvironmentVariable) };
        var say = BotText.For(chat);
        await _output.WriteLineAsync($"BulletinBot: {summary}");
        await _output.WriteLineAsync(say.TerminalNoPlatform);
        await _output.WriteLineAsync(say.TerminalHint);

        var commands = 0;
        try
        {
            while (true)
            {
                if (_atTerminal)
                {
                    await _output.WriteAsync("> ");
                }

                // Console.In reads synchronously even when asked asynchronously; reading on the pool lets
                // Ctrl-C abandon the read instead of waiting for a line that never comes.
                var line = await (_first ?? Task.Run(_input.ReadLine, CancellationToken.None)).WaitAsync(cancellationToken);
                _first = null;
                if (line is null)
                {
                    if (_atTerminal)
                    {
                        await _output.WriteLineAsync();
                    }
                    else if (commands == 0)
                    {
                        await _error.WriteLineAsync(NoPlatformMessage);
                        return ExitCodes.BadConfiguration;
                    }

                    break;
                }

                commands++;

                if (IsQuit(line))
                {
                    break;
                }

                if (line.Trim().Length == 0)
                {
                    continue;
                }

                var reply = await conversation.AnswerAsync(line, chat, cancellationToken)
                    ?? await conversation.AnswerAsync(new HelpCommand(null), chat, cancellationToken);
                await renderer.WriteAsync(reply, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _output.WriteLineAsync();
        }

        return ExitCodes.Ok;
    }

    /// <summary>Whether the line leaves the chat: quit, exit, q, or Spanish salir, with or without a slash.</summary>
    private static bool IsQuit(string line) =>
        line.Trim().TrimStart('/').ToLowerInvariant() is "quit" or "exit" or "q" or "salir" or "quitter" or "sair";

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
}
