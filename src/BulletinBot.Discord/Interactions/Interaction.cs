using BulletinBot.Core.Chats;
using System.Globalization;
using System.Text.Json;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Localization;

namespace BulletinBot.Discord.Interactions;

/// <summary>What the bot needs of an INTERACTION_CREATE (interactions/receiving-and-responding).</summary>
public sealed record Interaction(
    string Id,
    string Token,
    int Type,
    string ApplicationId,
    string ChannelId,
    string? GuildId,
    string? UserId,
    bool UserIsAdmin,
    string? CommandName,
    IReadOnlyDictionary<string, string> Options,
    string? FocusedOption,
    string? CustomId)
{
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;
    public const int Autocomplete = 4;

    // ADMINISTRATOR, MANAGE_GUILD and MANAGE_CHANNELS: who may change what the bot posts in a channel.
    private const ulong AdminPermissions = 0x8 | 0x20 | 0x10;

    /// <summary>The invoking user's client language ("es-ES"), sent with every interaction but a ping.</summary>
    public string? Locale { get; init; }

    /// <summary>The guild's preferred language, for a guild interaction; the reader's when the user's is one the bot lacks.</summary>
    public string? GuildLocale { get; init; }

    public ChatContext Chat => new(Platforms.Discord, ChannelId, GuildId is null ? ChatKind.Private : ChatKind.Group, UserId, UserIsAdmin)
    {
        Language = Languages.Find(Locale) ?? Languages.Of(GuildLocale),
    };

    public static Interaction Parse(JsonElement data)
    {
        var member = data.TryGetProperty("member", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var user = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("user", out var mu) ? mu
            : data.TryGetProperty("user", out var u) ? u : default;
        var permissions = member.ValueKind == JsonValueKind.Object && member.TryGetProperty("permissions", out var p)
            && ulong.TryParse(p.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : 0;
        var body = data.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        string? focused = null;
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("options", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var option in list.EnumerateArray())
            {
                var name = option.GetProperty("name").GetString()!;
                options[name] = option.TryGetProperty("value", out var value)
                    ? value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()
                    : "";
                if (option.TryGetProperty("focused", out var isFocused) && isFocused.ValueKind == JsonValueKind.True)
                {
                    focused = name;
                }
            }
        }

        return new Interaction(
            data.GetProperty("id").GetString()!,
            data.GetProperty("token").GetString()!,
            data.GetProperty("type").GetInt32(),
            data.GetProperty("application_id").GetString()!,
            Text(data, "channel_id") ?? (data.TryGetProperty("channel", out var channel) ? Text(channel, "id") : null) ?? "",
            Text(data, "guild_id"),
            user.ValueKind == JsonValueKind.Object ? Text(user, "id") : null,
            (permissions & AdminPermissions) != 0,
            body.ValueKind == JsonValueKind.Object ? Text(body, "name") : null,
            options,
            focused,
            body.ValueKind == JsonValueKind.Object ? Text(body, "custom_id") : null)
        {
            Locale = Text(data, "locale"),
            GuildLocale = Text(data, "guild_locale"),
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
