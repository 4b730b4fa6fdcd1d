using BulletinBot.Core.Announcing;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Replicas;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>
/// The store of record on PostgreSQL, shared by several replicas: the items and their change sequence, the listing
/// pages, the checkpoints, and the wake-ups on new changes. Each replica keeps its own search index on its own disk
/// (<c>Storage:IndexPath</c>), following the shared change sequence.
/// </summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ports on the database of <c>ConnectionStrings:Bulletins</c>. Nothing connects while composing: the
    /// first use of the store reaches the server and applies the migrations (<see cref="PostgresStart"/>).
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddStorageOptions(configuration);
        services.AddOptions<StorageOptions>()
            .Validate(options => IndexPathProblem(options.IndexPath) is null, IndexPathIsFileMessage)
            .ValidateOnStart();
        services.AddOptions<PostgresStorageOptions>()
            .Bind(configuration.GetSection(PostgresStorageOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(provider => NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.Bulletins!));
        services.AddSingleton<PostgresStart>();
        services.AddSingleton(provider => Ready(provider, p => new PostgresBulletinStore(p.GetRequiredService<NpgsqlDataSource>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<PostgresChangeHead>())));
        services.AddSingleton<IBulletinStore>(provider => provider.GetRequiredService<PostgresBulletinStore>());
        services.AddSingleton(provider => Ready(provider, p => new PostgresContinuationStore(p.GetRequiredService<NpgsqlDataSource>(), p.GetRequiredService<TimeProvider>())));
        services.AddSingleton<IContinuationStore>(provider => provider.GetRequiredService<PostgresContinuationStore>());
        services.AddSingleton(provider => Ready(provider, p => new PostgresCheckpointStore(p.GetRequiredService<NpgsqlDataSource>())));
        services.AddSingleton<IChatPreferences>(provider => Ready(provider, p => new PostgresChatPreferences(p.GetRequiredService<NpgsqlDataSource>())));

        // Announcements and the platforms' offsets, kept by AddAnnouncements' and the platforms' TryAdds.
        services.AddSingleton<IOutbox>(provider => Ready(provider, p => new PostgresOutbox(p.GetRequiredService<NpgsqlDataSource>(), p.GetRequiredService<IBulletinStore>())));
        services.AddSingleton<ITargetStore>(provider => Ready(provider, p => new PostgresTargetStore(p.GetRequiredService<NpgsqlDataSource>())));
        services.AddSingleton(provider => new PostgresInboxOwner(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<IOptions<ReplicaOptions>>().Value.TakeoverAfter,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<PostgresInboxOwner>>()));
        services.AddHostedService<InboxOwnerKeeper>();
        services.AddSingleton<IPlatformOffsets>(provider => Ready(provider, p => new PostgresPlatformOffsets(p.GetRequiredService<NpgsqlDataSource>(), p.GetRequiredService<PostgresInboxOwner>())));
        services.AddSingleton<IPlatformUpdateClaims>(provider => Ready(provider, p => new PostgresPlatformUpdateClaims(p.GetRequiredService<NpgsqlDataSource>(), p.GetRequiredService<TimeProvider>(), p.GetRequiredService<PostgresInboxOwner>())));
        services.AddSingleton<ISourceValidatorStore>(provider => Ready(provider, p => new PostgresSourceValidators(p.GetRequiredService<NpgsqlDataSource>())));

        // Work that runs once among the replicas (the leader's), kept by AddReplicas' TryAdd.
        services.AddSingleton<IWorkLeases, PostgresWorkLeases>();
        services.AddSingleton<IPaceMarks>(provider => Ready(provider, p => new PostgresPaceMarks(p.GetRequiredService<NpgsqlDataSource>())));
        services.AddSingleton<PostgresWakeups>();
        services.AddSingleton<IOutboxSignal, PostgresOutboxSignal>();
        services.AddHostedService<WakeupListener>();
        services.AddSingleton<PostgresChangeHead>();
        services.AddSingleton<IChangeHead>(provider => provider.GetRequiredService<PostgresChangeHead>());
        services.AddHostedService<ChangeHeadFollower>();

        services.AddSingleton<IndexFolderClaim>();
        services.AddSingleton(provider => provider.GetRequiredService<IndexFolderClaim>().Folder);
        return services;
    }

    /// <summary>The folder of this replica's search index: <c>Storage:IndexPath</c> from the content root, else the default.</summary>
    public static string IndexPathOf(StorageOptions options, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IndexPath is { Length: > 0 } path ? Path.GetFullPath(path, contentRoot) : StorageOptions.DefaultIndexPath(contentRoot);
    }

    private const string IndexPathIsFileMessage = "Storage:IndexPath names a file; name a folder on this replica's disk for its search index (e.g. data/search.index).";

    private static string? IndexPathProblem(string? path) =>
        path is { Length: > 0 } && File.Exists(Path.GetFullPath(path)) ? IndexPathIsFileMessage : null;

    private static T Ready<T>(IServiceProvider provider, Func<IServiceProvider, T> create)
    {
        provider.GetRequiredService<PostgresStart>().EnsureReady();
        return create(provider);
    }

    /// <summary>Runs <see cref="PostgresWakeups.RunAsync"/> while the host runs.</summary>
    /// <summary>Holds this process's inbox owner lock while the host runs (<see cref="PostgresInboxOwner"/>).</summary>
    private sealed class InboxOwnerKeeper(PostgresInboxOwner owner, IOptions<ReplicaOptions> options) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            owner.KeepAsync(PostgresWorkLeases.RetryFor(options.Value.TakeoverAfter), stoppingToken);
    }

    private sealed class WakeupListener(PostgresWakeups wakeups) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => wakeups.RunAsync(stoppingToken);
    }

    /// <summary>Runs <see cref="PostgresChangeHead.FollowAsync"/> while the host runs, so searches need not ask the database.
    /// The store is resolved on each read, as a replica may start while the database is down.</summary>
    private sealed class ChangeHeadFollower(PostgresChangeHead head, IServiceProvider provider, PostgresWakeups wakeups) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            head.FollowAsync(() => provider.GetRequiredService<IBulletinStore>().LastSequence(), wakeups, PostgresChangeHead.Poll, stoppingToken);
    }

    /// <summary>
    /// Holds this replica's index folder for the life of the process (a lock file beside it), because a persisted index
    /// has one writer. A second process on the same disk with the same folder (an ask beside a running chat) searches
    /// from an index in memory built from the database instead, and says so once.
    /// </summary>
    private sealed class IndexFolderClaim : IDisposable
    {
        private readonly FileStream? _lock;

        public IndexFolderClaim(IOptions<StorageOptions> options, IHostEnvironment environment, ILogger<IndexFolderClaim> logger)
        {
            var folder = IndexPathOf(options.Value, environment.ContentRootPath);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
                _lock = new FileStream(folder + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Folder = new SearchIndexFolder(folder);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(
                    "Search index: {Folder} is held by another process or cannot be written ({Reason}); this one searches from an index in memory",
                    folder, exception.Message);
                Folder = new SearchIndexFolder(null);
            }
        }

        public SearchIndexFolder Folder { get; }

        public void Dispose() => _lock?.Dispose();
    }
}
