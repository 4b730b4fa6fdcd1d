using System.Globalization;
using BulletinBot.Core.Export;
using BulletinBot.Core.Storage;
using BulletinBot.Postgres;
using Npgsql;

namespace BulletinBot.Verbs;

/// <summary>
/// copy-to-postgres: the LiteDB store of <c>Storage:Path</c> copied whole into the database of
/// <c>ConnectionStrings:Bulletins</c>, the step from one process to several replicas. The store is read alone: a
/// running bot or chat owns it, and the copy is refused in one line until it stops (a store must not change while it
/// is copied, and its owner has no way to hand it over). Whatever <c>Storage:Provider</c> says, the store read is the
/// file and the store written is the database.
/// </summary>
internal static class CopyToPostgresVerb
{
    public static async Task<int> RunAsync(IConfiguration configuration, bool replace, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // Both ends' settings are checked, and the server reached and brought to this build's schema, before the store is opened.
        await using var target = OwnerClient.Compose(WithProvider(configuration, StorageProvider.Postgres), role: "copy");
        await using var source = OwnerClient.Compose(WithProvider(configuration, StorageProvider.LiteDb), role: "copy");
        var files = source.Services.GetRequiredService<StoreFiles>();
        if (files.InMemory || !File.Exists(files.Store))
        {
            throw new StorageException($"There is no store at {files.Store} to copy. Set Storage:Path to the LiteDB file the bot has used.");
        }

        var dataSource = target.Services.GetRequiredService<NpgsqlDataSource>();
        var database = Describe(dataSource);
        var export = new StoreExport(source.Services.GetRequiredService<BulletinDatabase>());
        ImportResult result;
        try
        {
            result = await PostgresImport.CopyAsync(dataSource, export, replace, cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            var reason = (exception is PostgresException postgres ? postgres.MessageText : exception.Message).ReplaceLineEndings(" ").TrimEnd('.');
            throw new StorageException($"The copy into {database} failed ({reason}); the database was left as it was. Fix what is named and run copy-to-postgres again.", exception);
        }

        var counts = result.Counts;
        switch (result.Outcome)
        {
            case ImportOutcome.AlreadyCopied:
                await output.WriteLineAsync(Line($"Already copied: {database} holds this store's copy (change {counts.Sequence:N0}); nothing was written."));
                return ExitCodes.Ok;
            case ImportOutcome.NotEmpty:
                var held = Line($"{counts.Items:N0} items, {counts.Targets:N0} announcement targets and {counts.OutboxRows:N0} outbox rows");
                await error.WriteLineAsync(result.OlderCopyOfThisStore
                    ? $"{database} holds an older copy of this store ({held}), and the store has changed since. Run copy-to-postgres --replace to copy it again (what the database holds is deleted), with every replica stopped."
                    : $"{database} is not empty ({held}); nothing was copied. Name an empty database in ConnectionStrings:Bulletins, or run copy-to-postgres --replace to delete what it holds and copy this store.");
                return ExitCodes.StorageFailure;
            default:
                await output.WriteLineAsync(
                    Line($"Copied {counts.Items:N0} items (changes up to {counts.Sequence:N0}), {counts.Targets:N0} announcement targets, ") +
                    Line($"{counts.OutboxRows:N0} outbox rows ({counts.Pending:N0} pending), {counts.Checkpoints:N0} checkpoints, ") +
                    Line($"{counts.Unanswered:N0} unanswered and {counts.Claims:N0} claimed platform updates, {counts.Languages:N0} chat languages, ") +
                    Line($"{counts.Sources:N0} source states and {counts.Validators:N0} web validators ") +
                    $"from {files.Store} into {database}.");
                return ExitCodes.Ok;
        }
    }

    /// <summary>The same settings with <c>Storage:Provider</c> set: one composition per end of the copy.</summary>
    private static IConfiguration WithProvider(IConfiguration configuration, StorageProvider provider) =>
        new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection([new($"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}", provider.ToString())])
            .Build();

    /// <summary>"PostgreSQL at db:5432/bulletins": the server and database, never the password.</summary>
    private static string Describe(NpgsqlDataSource dataSource)
    {
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return string.Create(CultureInfo.InvariantCulture, $"PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}");
    }

    private static string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
