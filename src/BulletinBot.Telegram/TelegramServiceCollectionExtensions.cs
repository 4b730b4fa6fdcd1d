using BulletinBot.Core.Chats;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Secrets;
using BulletinBot.Core.Storage;
using BulletinBot.Telegram.Api;
using BulletinBot.Telegram.Chat;
using BulletinBot.Telegram.Delivery;
using BulletinBot.Telegram.Receiving;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Telegram;

public static class TelegramServiceCollectionExtensions
{
    private const string Platform = Platforms.Telegram;

    /// <summary>
    /// The Telegram adapter: options validated on start, the API client, long polling (or the webhook when
    /// Telegram:WebhookUrl is set), the command menu, and the <see cref="IChatChannel"/> for announcements.
    /// Needs Core's IConversation and CheckpointStore registered.
    /// </summary>
    public static IServiceCollection AddTelegramBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TelegramOptions>>().Value);
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<TelegramOptions>();
            // Longer than one long poll, so a held getUpdates is not cut off by the client.
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(3) })
            {
                Timeout = TimeSpan.FromSeconds(options.PollTimeoutSeconds + 30),
            };
            return new TelegramApiClient(options, http, provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<TelegramApiClient>>(), provider.GetService<SecretRedactor>());
        });
        services.AddSingleton<BotIdentity>();
        services.AddKeyedSingleton(Platform, new PlatformConnection(Platform));
        services.AddSingleton<IPlatformStatus>(provider => provider.GetRequiredKeyedService<PlatformConnection>(Platform));
        services.AddSingleton<ChatReplies>();
        services.AddSingleton<InlineAnswerer>();
        services.AddSingleton<TelegramUpdateRouter>();
        services.AddSingleton<IUpdateSink>(provider => provider.GetRequiredService<TelegramUpdateRouter>());
        // The shared store's offsets and claims when a provider registered them (PostgreSQL), else the bot's own LiteDB store.
        services.AddSingleton<IUpdateOffsetStore>(provider => provider.GetService<IPlatformOffsets>() is { } shared
            ? new CheckpointOffsetStore(shared, provider.GetRequiredService<IPlatformUpdateClaims>())
            : new CheckpointOffsetStore(provider.GetRequiredService<BulletinDatabase>(), provider.GetRequiredService<CheckpointStore>()));
        services.AddSingleton<TelegramChatChannel>();
        services.AddSingleton<IChatChannel>(provider => provider.GetRequiredService<TelegramChatChannel>());
        services.AddHostedService<CommandMenu>();

        var webhook = !string.IsNullOrWhiteSpace(configuration[$"{TelegramOptions.Section}:{nameof(TelegramOptions.WebhookUrl)}"]);
        if (webhook)
        {
            services.AddHostedService<WebhookListener>();
        }
        else
        {
            services.AddHostedService<UpdatePoller>();
        }

        return services;
    }
}
