using BulletinBot.Core.Announcing;
using BulletinBot.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace BulletinBot.Composition;

/// <summary>
/// Announcements and what feeds them while the bot runs: the watched seeds folder and the web
/// sources. Only the run verb composes them, beside the platforms whose channels deliver them.
/// </summary>
internal static class AnnouncementServiceCollectionExtensions
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnnouncementOptions>()
            .Bind(configuration.GetSection(AnnouncementOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnnouncementOptions>, AnnouncementOptionsValidator>();
        services.AddSingleton<TargetStore>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<OutboxFeeder>();
        services.AddSingleton<DeliveryLimiter>();
        services.AddSingleton<AnnouncementDispatcher>();
        services.AddSingleton<Subscriptions>();
        services.AddHostedService<AnnouncementService>();
        services.AddSingleton(new SeedFolderWatch(Enabled: true));
        services.AddSingleton<SourceValidators>();
        services.AddHostedService<SeedFolderWatcher>();

        // Timeouts, a circuit breaker and one quick retry for a blip: a source that stays down is the source's own
        // back-off's business (30 s, doubling), so a dead one does not hold the round with the handler's long retries.
        services.AddHttpClient(HttpBulletinSource.ClientName).AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        });

        // A failing source is reported by the bot in one line a round (which source, what happened, when it tries
        // again); the HTTP client's and the resilience pipeline's own records would repeat it with stack traces.
        services.Configure<LoggerFilterOptions>(filters =>
        {
            filters.AddFilter($"System.Net.Http.HttpClient.{HttpBulletinSource.ClientName}", LogLevel.Warning);
            filters.AddFilter("Polly", LogLevel.None);
        });
        var count = configuration.GetSection($"{IngestionOptions.Section}:Sources").GetChildren().Count();
        for (var index = 0; index < count; index++)
        {
            var position = index;
            services.AddSingleton<IBulletinSource>(provider => new HttpBulletinSource(
                provider.GetRequiredService<IOptions<IngestionOptions>>().Value.Sources[position],
                provider.GetRequiredService<IOptions<IngestionOptions>>().Value.RescanInterval,
                provider.GetRequiredService<IHttpClientFactory>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<HttpBulletinSource>>(),
                provider.GetRequiredService<SourceValidators>()));
        }

        return services;
    }
}
