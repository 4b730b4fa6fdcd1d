using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BulletinBot.Composition;

/// <summary>One registration per Core feature, each bound to its own configuration section.</summary>
internal static class CoreServiceCollectionExtensions
{
    /// <summary>How long a process waits for another that holds the store (an ask, an ingest) before it gives up.</summary>
    public static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(15);

    public static IServiceCollection AddBulletinStore(this IServiceCollection services, IConfiguration configuration, string role)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(_ => IsUnsetOrFilled(configuration, "Storage:Path"), EmptyPathMessage)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => OpenStore(StorePath(provider), role));
        services.AddSingleton(provider => new DiskSpace(
            provider.GetRequiredService<BulletinDatabase>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.MinFreeMegabytes * 1024L * 1024L));
        services.AddSingleton<BulletinStore>();
        services.AddSingleton<CheckpointStore>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<ContinuationStore>();
        return services;
    }

    /// <summary>
    /// LiteDB fails on a path that is no regular file (a device such as /dev/null) with a bare
    /// InvalidOperationException from inside its engine; that is a store that cannot be used, said in one line.
    /// </summary>
    private static BulletinDatabase OpenStore(string path, string role)
    {
        try
        {
            return BulletinDatabase.Open(path, role, StoreWait);
        }
        catch (StorageException exception) when (role == "ask" && exception.InnerException is UnauthorizedAccessException)
        {
            // ask only reads: a store this user may not write (a read-only copy) is still answered from.
            return BulletinDatabase.OpenReadOnly(path);
        }
        catch (InvalidOperationException exception)
        {
            throw new StorageException(
                $"{path} cannot be used as a store ({exception.Message}). Set Storage:Path to a regular file, e.g. data/bulletins.db.", exception);
        }
    }

    private const string EmptyPathMessage =
        "Storage:Path is empty; name the LiteDB file (e.g. data/bulletins.db), or remove the setting for the default in your data folder.";

    private const string EmptySeedsMessage =
        "Ingestion:SeedsPath is empty; name the folder of bulletin pages (e.g. seeds), or remove the setting for the built-in pages.";

    /// <summary>The binder reads an empty value as not set; an empty setting is a mistake worth naming instead.</summary>
    private static bool IsUnsetOrFilled(IConfiguration configuration, string key) =>
        configuration[key] is not { } value || value.Trim().Length > 0;

    /// <summary>The configured store file from the content root, or the default in the user's data folder.</summary>
    public static string StorePath(IServiceProvider provider) => StorePath(
        provider.GetRequiredService<IOptions<StorageOptions>>().Value.Path,
        provider.GetRequiredService<IHostEnvironment>().ContentRootPath);

    /// <summary>The store file a configuration names, before any host is built (the content root is the current directory).</summary>
    public static string StorePath(IConfiguration configuration) =>
        StorePath(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.Path)}"] is { Length: > 0 } path ? path : null, Directory.GetCurrentDirectory());

    private static string StorePath(string? path, string root) => path switch
    {
        null => StorageOptions.DefaultPath(root),
        StorageOptions.InMemory => path,
        _ => Path.GetFullPath(path, root),
    };

    public static IServiceCollection AddBulletinSearch(this IServiceCollection services)
    {
        services.AddSingleton<BulletinSearch>();
        return services;
    }

    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.Section))
            .Validate(_ => IsUnsetOrFilled(configuration, "Ingestion:SeedsPath"), EmptySeedsMessage)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>();
        services.AddSingleton<Ingestor>();
        services.TryAddSingleton<IngestionRounds>();
        services.TryAddSingleton<SourceStatusBoard>();
        services.TryAddSingleton(new IngestionSchedule(IngestAtStart: false));
        services.AddSingleton<IBulletinSource>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<IngestionOptions>>().Value;
            var folder = options.SeedsPath;
            var root = provider.GetRequiredService<IHostEnvironment>().ContentRootPath;

            // A one-shot ingest reads what is there; only the watched folder of a running bot waits for pages to settle.
            var settle = provider.GetService<SeedFolderWatch>()?.Enabled == true ? options.FileSettleTime : TimeSpan.Zero;
            if (folder is not null)
            {
                return new SeedFolderSource(Path.GetFullPath(folder, root), settle);
            }

            // Nothing asked for: the seeds folder where the bot starts, else the pages built in.
            var local = Path.Combine(root, "seeds");
            return Directory.Exists(local) ? new SeedFolderSource(local, settle) : new EmbeddedSeedSource();
        });
        services.AddSingleton<IngestionService>();
        return services;
    }

    /// <summary>Reads the sources again at every rescan interval while the bot runs.</summary>
    public static IServiceCollection AddBackgroundIngestion(this IServiceCollection services, bool ingestAtStart)
    {
        services.Replace(ServiceDescriptor.Singleton(new IngestionSchedule(ingestAtStart)));
        services.AddHostedService(provider => provider.GetRequiredService<IngestionService>());
        return services;
    }

    public static IServiceCollection AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConversationOptions>, ConversationOptionsValidator>();
        services.AddSingleton<CommandHandler>();
        services.AddSingleton<CommandBudget>();
        services.AddSingleton<IConversation, ChatConversation>();
        return services;
    }
}
