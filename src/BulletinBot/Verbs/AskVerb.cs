using BulletinBot.Core.Chats;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Owner;
using BulletinBot.Terminal;

namespace BulletinBot.Verbs;

/// <summary>ask: one command answered from what is stored, by the running owner of the store or by this process.</summary>
internal static class AskVerb
{
    public static async Task<int> RunAsync(IConfiguration configuration, string text, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // Every setting is checked before a running bot is asked: a bad one is named whoever owns the store.
        await using var host = OwnerClient.Compose(configuration, role: "ask");
        // A store on a database server has no files here (and no owner): it is asked directly.
        var files = host.Services.GetService<StoreFiles>();
        // The terminal's language, as the terminal chat reads it: LC_ALL, LC_MESSAGES, then LANG.
        var language = Languages.FromEnvironment(Environment.GetEnvironmentVariable);
        if (await OwnerClient.ForwardAsync(files, new OwnerRequest("ask", text, language), output, error, cancellationToken) is { } forwarded)
        {
            return forwarded;
        }

        StartTrace.Mark("no owner on the socket");
        MustExist(files);

        // A search opens the index meanwhile, on the other core, while the store opens for the answer.
        var preparing = CommandParser.Parse(text) is SearchCommand
            ? host.Services.GetRequiredService<BulletinSearch>().PrepareAsync()
            : Task.CompletedTask;

        // ask answers from what is stored: reading the sources is ingest's and the bot's work, and would write the store.
        var conversation = host.Services.GetRequiredService<IConversation>();
        var asker = ChatContext.OneShot with { Language = language };
        var reply = await conversation.AnswerAsync(text, asker, cancellationToken)
            ?? await conversation.AnswerAsync(new HelpCommand(null), asker, cancellationToken);
        StartTrace.Mark("answered");
        var failed = AnswerText.Failed(reply);
        await new PlainTextRenderer(failed ? error : output).WriteAsync(reply, cancellationToken);
        await preparing;
        StartTrace.Mark("rendered");
        return failed ? ExitCodes.NotUnderstood : ExitCodes.Ok;
    }

    /// <summary>ask only reads: a store that is not there is not made, and the user is told how one is.</summary>
    private static void MustExist(StoreFiles? files)
    {
        if (files is not null && !files.InMemory && !File.Exists(files.Store) && !Directory.Exists(files.Store))
        {
            throw new StorageException(
                $"There is no store at {files.Store} yet: run \"BulletinBot ingest\" (or start the bot) to fill it, then ask again.");
        }
    }
}
