using BulletinBot.Core.Commands;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Conversation;

/// <summary>The conversation port every adapter talks to, the command handler behind it and the per-user budget.</summary>
public static class ConversationServiceCollectionExtensions
{
    public static IServiceCollection AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConversationOptions>, ConversationOptionsValidator>();
        // A chat's language choice, in the LiteDB store unless a storage provider registered its own.
        services.TryAddSingleton<IChatPreferences, ChatPreferenceStore>();
        services.AddBotClock(configuration);
        services.AddSingleton<CommandHandler>();
        services.AddSingleton<CommandBudget>();
        services.AddSingleton<IConversation, ChatConversation>();
        return services;
    }
}
