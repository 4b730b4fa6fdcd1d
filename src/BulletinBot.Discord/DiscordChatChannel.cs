using System.Net;
using System.Security.Cryptography;
using System.Text;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;
using BulletinBot.Discord.Limits;
using BulletinBot.Discord.Rendering;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord;

/// <summary>
/// Discord's delivery port: posts an announcement to a channel (or a thread, which Discord addresses as a channel)
/// with a nonce derived from the delivery's idempotency key and <c>enforce_nonce</c>, so a retried post lands once.
/// </summary>
public sealed class DiscordChatChannel(DiscordRestClient rest, ILogger<DiscordChatChannel> logger) : IChatChannel
{
    // Discord's nonce is at most 25 characters.
    private const int NonceLength = 25;
    private const int MaxEmbedsPerMessage = 10;

    public string Platform => Platforms.Discord;

    public DeliveryLimits Limits => DiscordLimits.Sending;

    public async Task<DeliveryResult> SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var channel = delivery.Target.ThreadId ?? delivery.Target.ChatId;
        string? firstId = null;
        var part = 0;
        foreach (var embeds in Pack(DiscordRenderer.Announcement(delivery.Items, BotText.For(delivery.Language))))
        {
            var body = new ChannelMessage(null, embeds, Nonce(delivery.IdempotencyKey, part++));
            DiscordResponse response;
            try
            {
                response = await rest.SendAsync(DiscordRequest.CreateMessage(channel, body), cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                return new RetryLater(null, $"Discord could not be reached: {ex.Message}");
            }

            var result = Classify(response);
            if (result is not Delivered delivered)
            {
                logger.LogWarning("Discord delivery to channel {ChannelId} not done: {Result}", channel, result);
                return result;
            }

            firstId ??= delivered.MessageId;
        }

        return new Delivered(firstId);
    }

    internal static string Nonce(string key, int part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}#{part}"));
        return Convert.ToHexStringLower(hash)[..NonceLength];
    }

    private static DeliveryResult Classify(DiscordResponse response) => response.Status switch
    {
        _ when response.IsSuccess => new Delivered(response.Body.TryGetProperty("id", out var id) ? id.GetString() : null),
        HttpStatusCode.Forbidden => new Refused($"Discord refused the channel: {response.ErrorMessage} (code {response.ErrorCode})"),
        HttpStatusCode.NotFound => new Refused($"Discord does not know the channel: {response.ErrorMessage} (code {response.ErrorCode})"),
        HttpStatusCode.TooManyRequests => new RetryLater(response.RetryAfter, "Discord rate limit"),
        >= HttpStatusCode.InternalServerError => new RetryLater(null, $"Discord answered {(int)response.Status}"),
        _ => new Refused($"Discord answered {(int)response.Status}: {response.ErrorMessage} (code {response.ErrorCode})"),
    };

    /// <summary>Embeds grouped into messages of at most 10 embeds and 6000 characters.</summary>
    private static IEnumerable<IReadOnlyList<Embed>> Pack(IReadOnlyList<Embed> embeds)
    {
        var group = new List<Embed>();
        var characters = 0;
        foreach (var embed in embeds)
        {
            if (group.Count > 0 && (group.Count == MaxEmbedsPerMessage || characters + embed.Characters > DiscordRenderer.MaxMessageCharacters))
            {
                yield return group;
                group = [];
                characters = 0;
            }

            group.Add(embed);
            characters += embed.Characters;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }
}
