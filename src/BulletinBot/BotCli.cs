using System.CommandLine;
using BulletinBot.Terminal;
using Microsoft.Extensions.Options;

namespace BulletinBot;

/// <summary>
/// The command line: with no verb the bot runs (the terminal chat when no platform token is set);
/// "ask" answers one command and exits; "ingest" loads the sources and exits.
/// </summary>
internal static class BotCli
{
    public const int Ok = 0;
    public const int BadCommand = 1;
    public const int BadConfiguration = 2;

    public static async Task<int> RunAsync(
        string[] args,
        TextReader input,
        TextWriter output,
        TextWriter error,
        IReadOnlyDictionary<string, string?>? overrides,
        CancellationToken cancellationToken)
    {
        var words = new Argument<string[]>("command")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "The command, e.g. latest, \"search migration talks\", \"date 2018-01\", \"show k3j9x2a\". Put -- before words that start with a dash.",
        };
        var ask = new Command("ask", "Answer one command from the archive and exit.") { words };
        ask.SetAction((result, token) => Guard(error, () =>
            TerminalSession.AskAsync(string.Join(' ', result.GetValue(words) ?? []), output, error, overrides, token)));

        var ingest = new Command("ingest", "Load the configured sources into the store and exit.");
        ingest.SetAction((_, token) => Guard(error, () => TerminalSession.IngestAsync(output, overrides, token)));

        var root = new RootCommand("BulletinBot: search, list and announce news bulletins.") { ask, ingest };
        root.SetAction((_, token) => Guard(error, () => TerminalSession.RunAsync(input, output, error, overrides, token)));

        // A word such as "@everyone" in a search must stay a word, not name a response file.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>A bad setting stops the bot with one line that names it, not a stack trace.</summary>
    private static async Task<int> Guard(TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OptionsValidationException exception)
        {
            await error.WriteLineAsync($"Configuration error: {string.Join(" ", exception.Failures)}");
            return BadConfiguration;
        }
        catch (InvalidOperationException exception) when (exception.InnerException is LiteDB.LiteException or IOException)
        {
            await error.WriteLineAsync($"Storage error: {exception.Message}");
            return BadConfiguration;
        }
    }
}
