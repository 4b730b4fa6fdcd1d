using BulletinBot.Telegram;

namespace BulletinBot.Composition;

/// <summary>The chat platforms whose token is set; only the run verb adds them, never ask or ingest.</summary>
internal static class PlatformServiceCollectionExtensions
{
    public static bool AnyConfigured(IConfiguration configuration) => HasToken(configuration, TelegramOptions.Section);

    public static IServiceCollection AddPlatforms(this IServiceCollection services, IConfiguration configuration)
    {
        if (HasToken(configuration, TelegramOptions.Section))
        {
            services.AddTelegramBot(configuration);
        }

        return services;
    }

    private static bool HasToken(IConfiguration configuration, string section) =>
        !string.IsNullOrWhiteSpace(configuration[$"{section}:BotToken"]);
}
