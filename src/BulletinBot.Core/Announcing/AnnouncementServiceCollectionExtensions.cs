using Microsoft.Extensions.Configuration;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        // The embedded store's; a provider registered before this (PostgreSQL) keeps its own.
        services.TryAddSingleton<IBulletinStore>(provider => provider.GetRequiredService<BulletinStore>());
        services.AddSingleton<TargetStore>();
        services.TryAddSingleton<ITargetStore>(provider => provider.GetRequiredService<TargetStore>());
        services.AddSingleton<Outbox>();
        services.TryAddSingleton<IOutbox>(provider => provider.GetRequiredService<Outbox>());
        services.AddSingleton<OutboxFeeder>();
        services.AddSingleton<DeliveryLimiter>();
        services.AddSingleton<AnnouncementDispatcher>();
        services.AddSingleton<Subscriptions>();
        services.AddHostedService<AnnouncementService>();
        return services;
    }
}
