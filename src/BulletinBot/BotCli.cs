using System.CommandLine;
using BulletinBot.Composition;
using BulletinBot.Core.Storage;
using BulletinBot.Verbs;
using Microsoft.Extensions.Options;

namespace BulletinBot;

/// <summary>
/// The command line: parses the words and hands them to their verb (Verbs/, one file each). With no verb (or "run")
/// the bot runs: a service for every platform whose token is set, else the terminal chat. "ask" answers one command
/// and "ingest" loads the sources; neither ever connects to a platform. What each exit code means: <see cref="ExitCodes"/>.
/// </summary>
internal static class BotCli
{
    private const string About = """
        BulletinBot: search, list and announce news bulletins.

        With no verb (or with "run") the bot runs. When Telegram__BotToken or Discord__BotToken is set it is a
        service for those platforms and runs until SIGTERM or Ctrl-C; otherwise it is a chat in this terminal
        (quit or Ctrl-D leaves). Either way it first reads the configured sources: the bulletin pages of
        Ingestion:SeedsPath and the web pages and feeds of Ingestion:Sources.

        Settings: appsettings.json in the current directory, then environment variables, which win
        (Storage__Path, Ingestion__SeedsPath, Telegram__BotToken, Discord__BotToken, ...).

        Exit codes: 0 answered (an empty result is an answer), 1 not understood (or a page or source could not
        be read), 2 bad configuration, 3 the store cannot be opened or used.
        """;

    public static async Task<int> RunAsync(
        string[] args,
        TextReader input,
        TextWriter output,
        TextWriter error,
        IReadOnlyDictionary<string, string?>? overrides,
        CancellationToken cancellationToken)
    {
        StartTrace.Mark("Main entered");
        var words = new Argument<string[]>("command")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "The command, e.g. latest, \"search migration talks\", \"date 2018-01\", \"show k3j9x2a\". Put -- before words that start with a dash.",
        };
        var ask = new Command("ask", "Answer one command from the archive and exit; never connects to a platform.") { words };
        ask.SetAction((result, token) => Guard(error, overrides, () =>
            AskVerb.RunAsync(BotHost.LoadConfiguration(overrides), string.Join(' ', result.GetValue(words) ?? []), output, error, token)));

        var explain = new Option<FileInfo>("--explain")
        {
            Description = "Read this page file and print how it was read (each block as title or body and why, each item's date and where it came from); store nothing.",
        };
        var ingest = new Command("ingest", "Load the configured sources (Ingestion:SeedsPath, Ingestion:Sources) into the store and exit; a source that cannot be read is one line and exit 1. Never connects to a platform.") { explain };
        ingest.SetAction((result, token) => Guard(error, overrides, () => result.GetValue(explain) is { } page
            ? IngestVerb.ExplainAsync(page, output, error, token)
            : IngestVerb.RunAsync(BotHost.LoadConfiguration(overrides), output, error, token)));

        var health = new Command("health", "Say whether the running bot is healthy (store, platforms, recent ingest): exit 0 if so, 1 if not. For Docker's HEALTHCHECK.");
        health.SetAction((_, token) => Guard(error, overrides, () => HealthVerb.RunAsync(BotHost.LoadConfiguration(overrides), output, error, token)));

        var rebuild = new Command("rebuild", "Move a damaged store aside (never deleting it), and rebuild the archive from what can be read of it and from the sources.");
        rebuild.SetAction((_, token) => Guard(error, overrides, () => RebuildVerb.RunAsync(BotHost.LoadConfiguration(overrides), output, token)));

        var replace = new Option<bool>("--replace")
        {
            Description = "When the database is not empty, delete what it holds (items, targets, outbox, checkpoints...) and copy the store in its place, in the same transaction.",
        };
        var copy = new Command("copy-to-postgres", "Copy the LiteDB store (Storage:Path) whole into the empty PostgreSQL database of ConnectionStrings:Bulletins, in one transaction; stop the bot first. Run again, it says the store is already copied.") { replace };
        copy.SetAction((result, token) => Guard(error, overrides, () =>
            CopyToPostgresVerb.RunAsync(BotHost.LoadConfiguration(overrides), result.GetValue(replace), output, error, token)));

        var run = new Command("run", "Run the bot (the default): a service for every platform whose token is set, else the terminal chat.");
        run.SetAction((_, token) => Guard(error, overrides, () => RunVerb.RunAsync(BotHost.LoadConfiguration(overrides), input, output, error, token)));

        var root = new RootCommand(About) { run, ask, ingest, health, rebuild, copy };
        root.SetAction((_, token) => Guard(error, overrides, () => RunVerb.RunAsync(BotHost.LoadConfiguration(overrides), input, output, error, token)));

        // A word such as "@everyone" in a search must stay a word, not name a response file.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>A bad setting or an unusable store stops the bot with one line that names it, not a stack trace, and no secret.</summary>
    private static async Task<int> Guard(TextWriter console, IReadOnlyDictionary<string, string?>? overrides, Func<Task<int>> action)
    {
        var error = new RedactingLineWriter(console, () => ConfiguredSecrets.Redactor(BotHost.LoadConfiguration(overrides)));
        try
        {
            return await action();
        }
        catch (OptionsValidationException exception)
        {
            await error.WriteLineAsync($"Configuration error: {string.Join(" ", exception.Failures)}");
            return ExitCodes.BadConfiguration;
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Bad settings in more than one section are checked together at start, and still named in one line.
            var failures = exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures);
            await error.WriteLineAsync($"Configuration error: {string.Join(" ", failures)}");
            return ExitCodes.BadConfiguration;
        }
        catch (PlatformRefusedException exception)
        {
            await error.WriteLineAsync($"Configuration error: {exception.Message}");
            return ExitCodes.BadConfiguration;
        }
        catch (ServiceFailedException exception)
        {
            await error.WriteLineAsync($"Service error: {exception.Message}");
            return ExitCodes.ServiceFailed;
        }
        catch (Exception exception) when (exception is not StorageException && DiskSpace.IsFull(exception))
        {
            // Any write of the start (the lock, the log, a schema change) can be the one that finds the disk full.
            await error.WriteLineAsync($"Storage error: {DiskSpace.FullMessage(null)}");
            return ExitCodes.StorageFailure;
        }
        catch (StorageException exception)
        {
            await error.WriteLineAsync($"Storage error: {exception.Message}");
            return ExitCodes.StorageFailure;
        }
        catch (Exception exception) when (StoreDamage.Classify(exception) is { } damage)
        {
            // LiteDB meets a damaged page only when it reads it, long after the store opened, and throws what it trips on.
            await error.WriteLineAsync($"Storage error: {damage.Message}");
            return ExitCodes.StorageFailure;
        }
    }
}
