using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Storage;

/// <summary>The store: its files (<see cref="StoreFiles"/>), the LiteDB database and the ports over it.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>How long a process waits for another that holds the store (an ask, an ingest) before it gives up.</summary>
    public static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Registers the store named by <c>Storage:Path</c>; <paramref name="role"/> says in the store's owner file what
    /// this process does (bot, chat, ask, ingest, health). The settings are read from <paramref name="configuration"/>
    /// itself: chained into a host builder's, an empty value would read as missing, and an empty Storage:Path must be
    /// an error, not the default.
    /// </summary>
    public static IServiceCollection AddBulletinStorage(this IServiceCollection services, IConfiguration configuration, string role = "bot")
    {
        services.AddStorageOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => StoreFiles.Resolve(configuration, provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddSingleton(provider => OpenStore(provider.GetRequiredService<StoreFiles>().Store, role));
        services.AddSingleton(provider => new DiskSpace(
            provider.GetRequiredService<BulletinDatabase>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.MinFreeMegabytes * 1024L * 1024L));
        services.AddSingleton<BulletinStore>();
        services.AddSingleton<IBulletinStore>(provider => provider.GetRequiredService<BulletinStore>());
        services.AddSingleton<CheckpointStore>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<ContinuationStore>();
        services.AddSingleton<IContinuationStore>(provider => provider.GetRequiredService<ContinuationStore>());
        return services;
    }

    /// <summary>
    /// The <c>Storage</c> settings alone, bound and validated at start: every provider reads them (the provider itself,
    /// the disk reserve, the index folder of a store on a database server).
    /// </summary>
    public static IServiceCollection AddStorageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(_ => !StoreFiles.IsEmptySetting(configuration), StoreFiles.EmptyPathMessage)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        return services;
    }

    /// <summary>The provider <c>Storage:Provider</c> names; LiteDB when it is not set or not a provider (the settings check names a bad value).</summary>
    public static StorageProvider ProviderOf(IConfiguration configuration) =>
        Enum.TryParse<StorageProvider>(configuration?[$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"], ignoreCase: true, out var provider)
            && Enum.IsDefined(provider)
            ? provider
            : StorageProvider.LiteDb;

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
}
