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
    public static IServiceCollection AddBulletinStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var path = provider.GetRequiredService<IOptions<StorageOptions>>().Value.Path;
            var environment = provider.GetRequiredService<IHostEnvironment>();
            return BulletinDatabase.Open(path == StorageOptions.InMemory ? path : Path.GetFullPath(path, environment.ContentRootPath));
        });
        services.AddSingleton<BulletinStore>();
        services.AddSingleton<CheckpointStore>();
        return services;
    }

    public static IServiceCollection AddBulletinSearch(this IServiceCollection services)
    {
        services.AddSingleton<BulletinSearch>();
        return services;
    }

    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<Ingestor>();
        services.AddSingleton<IBulletinSource>(provider =>
        {
            var folder = provider.GetRequiredService<IOptions<IngestionOptions>>().Value.SeedsPath;
            var environment = provider.GetRequiredService<IHostEnvironment>();
            return new SeedFolderSource(Path.GetFullPath(folder, environment.ContentRootPath));
        });
        return services;
    }

    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddSingleton<ContinuationStore>();
        services.AddSingleton<CommandHandler>();
        services.AddSingleton<IConversation, ChatConversation>();
        return services;
    }
}
