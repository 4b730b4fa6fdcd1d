using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace BulletinBot.Telegram.Api;

/// <summary>The bot's own @username, from getMe, asked once and kept: "/cmd@Name" in groups is compared with it.</summary>
public sealed class BotIdentity(TelegramApiClient client, ILogger<BotIdentity> logger)
{
    private readonly Lock gate = new();
    private Task<string>? lookup;

    public Task<string> GetNameAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // A failed or cancelled lookup is asked again by the next caller.
            if (lookup is null || lookup.IsFaulted || lookup.IsCanceled)
            {
                lookup = LookUpAsync(cancellationToken);
            }

            return lookup;
        }
    }

    private async Task<string> LookUpAsync(CancellationToken cancellationToken)
    {
        var me = await client.GetMe(cancellationToken);
        var name = me.Username ?? me.FirstName;
        logger.LogInformation("Telegram bot is @{BotName} ({BotId})", name, me.Id);
        return name;
    }
}
