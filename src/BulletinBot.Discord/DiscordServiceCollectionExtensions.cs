using BulletinBot.Core.Chats;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Announcing;
using BulletinBot.Discord.Gateway;
using BulletinBot.Discord.Interactions;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Discord;

public static class DiscordServiceCollectionExtensions
{
    private const string Platform = Platforms.Discord;

    /// <summary>
    /// The Discord bot: its validated options (section "Discord"), the REST and gateway clients, the hosted service
    /// that answers interactions, and the Discord delivery port. Needs Core's conversation, store and search.
    /// </summary>
    public static IServiceCollection AddDiscordBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>()
            .Bind(configuration.GetSection(DiscordOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // One long-lived client: pooled connections are renewed, and no handler logs request URIs (which can hold
        // an interaction token).
        services.AddHttpClient(nameof(DiscordRestClient))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddSingleton<DiscordRateLimits>();
        services.AddSingleton(provider => new DiscordRestClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(DiscordRestClient)),
            provider.GetRequiredService<DiscordRateLimits>(),
            provider.GetRequiredService<IOptions<DiscordOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DiscordRestClient>>(),
            provider.GetKeyedService<PlatformConnection>(Platform)));

        services.AddSingleton<IGatewayTransport, WebSocketGatewayTransport>();
        services.AddKeyedSingleton(Platform, new PlatformConnection(Platform));
        services.AddSingleton<IPlatformStatus>(provider => provider.GetRequiredKeyedService<PlatformConnection>(Platform));
        services.AddSingleton<IdentifyGate>();
        services.AddSingleton<ShardGateways>();
        services.AddSingleton<SlashCommands>();
        services.AddSingleton<IAutocomplete, ArchiveAutocomplete>();
        services.AddSingleton<InteractionResponder>();
        services.AddHostedService<DiscordBotService>();
        services.AddSingleton<DiscordChatChannel>();
        services.AddSingleton<IChatChannel>(provider => provider.GetRequiredService<DiscordChatChannel>());
        return services;
    }
}
