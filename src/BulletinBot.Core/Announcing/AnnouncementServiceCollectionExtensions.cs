using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>
/// Announcements: subscriptions and their targets, the outbox fed by the store's change sequence, and the dispatcher
/// that hands each row to its platform's channel. Only a bot with platforms composes them; the sources that feed the
/// store are ingestion's.
/// </summary>
public static class AnnouncementServiceCollectionExtensions
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
        return services;
    }
}
