using BulletinBot.Core.Ingestion;

namespace BulletinBot.Composition;

/// <summary>What the host adds to the web sources' HTTP client, which ingestion registers.</summary>
internal static class WebSourceResilience
{
    public static IServiceCollection AddWebSourceResilience(this IServiceCollection services)
    {
        // Timeouts, a circuit breaker and one quick retry for a blip: a source that stays down is the source's own
        // back-off's business (30 s, doubling), so a dead one does not hold the round with the handler's long retries.
        services.AddHttpClient(HttpBulletinSource.ClientName).AddStandardResilienceHandler(options =>
        {
            options.Retry.MaxRetryAttempts = 1;
            options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        });

        // A failing source is reported in one line a round (which source, what happened, when it is tried again); the
        // HTTP client's and the resilience pipeline's own records would repeat it with stack traces.
        services.Configure<LoggerFilterOptions>(filters =>
        {
            filters.AddFilter($"System.Net.Http.HttpClient.{HttpBulletinSource.ClientName}", LogLevel.Warning);
            filters.AddFilter("Polly", LogLevel.None);
        });
        return services;
    }
}
