using BulletinBot.Core.Announcing;
using Microsoft.Extensions.Options;

namespace BulletinBot.Composition;

/// <summary>Announcements: only the run verb composes them, beside the platforms whose channels deliver them.</summary>
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
        return services;
    }
}
