using BulletinBot.Discord;
using BulletinBot.Telegram;

namespace BulletinBot.Composition;

/// <summary>The chat platforms, each turned on by its token. Only the run verb composes them.</summary>
internal static class PlatformServiceCollectionExtensions
{
    /// <summary>The settings whose presence turns a platform on.</summary>
    public static IReadOnlyList<string> TokenSettings { get; } = ["Telegram:BotToken", "Discord:BotToken"];

    public static bool AnyPlatformConfigured(IConfiguration configuration) =>
        TokenSettings.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    public static IServiceCollection AddPlatforms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<PlatformsNotice>();
        services.AddSingleton<PlatformRefusals>();
        services.AddHostedService(provider => provider.GetRequiredService<PlatformRefusals>());
        if (!string.IsNullOrWhiteSpace(configuration["Discord:BotToken"]))
        {
            services.AddDiscordBot(configuration);
        }

        if (!string.IsNullOrWhiteSpace(configuration["Telegram:BotToken"]))
        {
            services.AddTelegramBot(configuration);
        }

        return services;
    }

    /// <summary>Says at start which platforms run, so an operator sees a token that was not picked up.</summary>
    private sealed class PlatformsNotice(IConfiguration configuration, ILogger<PlatformsNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var key in TokenSettings)
            {
                var platform = key[..key.IndexOf(':', StringComparison.Ordinal)];
                logger.LogInformation("{Platform}: {State}", platform, string.IsNullOrWhiteSpace(configuration[key]) ? "off (no token)" : "on");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
