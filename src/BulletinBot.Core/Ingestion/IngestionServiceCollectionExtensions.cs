using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Ingestion and every source it reads: the seeds folder (or the pages built in) and the web sources of
/// <c>Ingestion:Sources</c>. Every verb that reads sources composes this, so each reads the same configured ones.
/// </summary>
public static class IngestionServiceCollectionExtensions
{
    private const string EmptySeedsMessage =
        "Ingestion:SeedsPath is empty; name the folder of bulletin pages (e.g. seeds), or remove the setting for the built-in pages.";

    public static IServiceCollection AddBulletinIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.Section))
            .PostConfigure(SourceDirectory.NameUnnamed)
            .Validate(_ => configuration[$"{IngestionOptions.Section}:{nameof(IngestionOptions.SeedsPath)}"] is not { } value || value.Trim().Length > 0, EmptySeedsMessage)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>();
        services.AddSingleton<IValidateOptions<IngestionOptions>, SourceNamesValidator>();
        services.TryAddSingleton<SourceDirectory>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Ingestor>();
        services.TryAddSingleton<IngestionRounds>();
        services.TryAddSingleton<SourceStatusBoard>();
        services.TryAddSingleton(new IngestionSchedule(IngestAtStart: false));
        services.TryAddSingleton<SourceValidators>();
        services.TryAddSingleton<ISourceValidatorStore>(provider => provider.GetRequiredService<SourceValidators>());
        services.AddSingleton<IBulletinSource>(SeedsSource);
        services.AddWebSources(configuration);
        services.AddSingleton<IngestionService>();
        return services;
    }

    /// <summary>
    /// While the bot runs: the sources read again at every rescan interval (at start too when
    /// <paramref name="ingestAtStart"/>), and, with <paramref name="watchSeeds"/>, a page dropped into the seeds folder
    /// read soon after it settles.
    /// </summary>
    public static IServiceCollection AddBackgroundIngestion(this IServiceCollection services, bool ingestAtStart, bool watchSeeds)
    {
        services.Replace(ServiceDescriptor.Singleton(new IngestionSchedule(ingestAtStart)));
        services.AddHostedService(provider => provider.GetRequiredService<IngestionService>());
        if (watchSeeds)
        {
            services.AddSingleton(new SeedFolderWatch(Enabled: true));
            services.AddHostedService<SeedFolderWatcher>();
        }

        return services;
    }

    /// <summary>The seeds folder asked for; else the folder "seeds" where the bot starts; else the pages built in.</summary>
    private static IBulletinSource SeedsSource(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var root = provider.GetRequiredService<IHostEnvironment>().ContentRootPath;

        // A one-shot ingest reads what is there; only the watched folder of a running bot waits for pages to settle.
        var settle = provider.GetService<SeedFolderWatch>()?.Enabled == true ? options.FileSettleTime : TimeSpan.Zero;
        if (options.SeedsPath is { } folder)
        {
            return new SeedFolderSource(Path.GetFullPath(folder, root), settle);
        }

        var local = Path.Combine(root, "seeds");
        return Directory.Exists(local) ? new SeedFolderSource(local, settle) : new EmbeddedSeedSource();
    }

    /// <summary>
    /// One <see cref="HttpBulletinSource"/> for each entry of <c>Ingestion:Sources</c>, over the named client
    /// <see cref="HttpBulletinSource.ClientName"/> (to which the host may add resilience).
    /// </summary>
    private static void AddWebSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpClient(HttpBulletinSource.ClientName);
        var count = configuration.GetSection($"{IngestionOptions.Section}:{nameof(IngestionOptions.Sources)}").GetChildren().Count();
        for (var index = 0; index < count; index++)
        {
            var position = index;
            services.AddSingleton<IBulletinSource>(provider => new HttpBulletinSource(
                provider.GetRequiredService<IOptions<IngestionOptions>>().Value.Sources[position],
                provider.GetRequiredService<IOptions<IngestionOptions>>().Value.RescanInterval,
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<HttpBulletinSource>>(),
                provider.GetRequiredService<ISourceValidatorStore>()));
        }
    }
}
