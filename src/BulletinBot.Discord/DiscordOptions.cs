using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BulletinBot.Discord;

/// <summary>The <c>Discord</c> configuration section. Validated on start; each bad setting gives one line naming it.</summary>
public sealed class DiscordOptions : IValidatableObject
{
    public const string Section = "Discord";

    public const string DefaultApiBaseUrl = "https://discord.com/api/v10";

    /// <summary>The bot token from the developer portal. Never logged.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Discord:BotToken must be the bot token from the developer portal (set Discord__BotToken).")]
    [RegularExpression(@"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$",
        ErrorMessage = "Discord:BotToken does not look like a bot token (three parts of letters, digits, _ or - separated by dots). Copy it again from the developer portal.")]
    public string BotToken { get; set; } = "";

    /// <summary>The REST base including the version; every path is appended to it.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Discord:ApiBaseUrl must be an absolute http(s) URL such as https://discord.com/api/v10.")]
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Overrides the gateway URL that GET /gateway/bot returns (a ws:// or wss:// URL).</summary>
    public string? GatewayUrl { get; set; }

    /// <summary>Registers the slash commands in this guild only (instant updates while developing); global when unset.</summary>
    [RegularExpression("^[0-9]{1,20}$", ErrorMessage = "Discord:GuildId must be a guild id (a number, a snowflake).")]
    public string? GuildId { get; set; }

    /// <summary>
    /// Pins this process to one shard (it identifies only that one, under its lease). Unset: the replicas share the
    /// <see cref="ShardCount"/> shards among themselves by leases.
    /// </summary>
    [Range(0, 65535, ErrorMessage = "Discord:ShardId must be between 0 and 65535.")]
    public int? ShardId { get; set; }

    [Range(1, 65536, ErrorMessage = "Discord:ShardCount must be between 1 and 65536.")]
    public int ShardCount { get; set; } = 1;

    /// <summary>
    /// How long a replica waits, per shard it already runs, before it takes a free shard, so replicas started together
    /// split the shards evenly (two replicas take 4 shards 2 and 2), while a lone replica still takes every free one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Discord:ShardStagger must be between 00:00:00 and 00:05:00 (e.g. 00:00:05).")]
    public TimeSpan ShardStagger { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The shards this process may run: the pinned one, or all of them.</summary>
    internal IReadOnlyList<int> Shards => ShardId is { } pinned ? [pinned] : [.. Enumerable.Range(0, ShardCount)];

    internal Uri ApiBase => new(ApiBaseUrl.TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsAbsolute(ApiBaseUrl, "http", "https"))
        {
            yield return new ValidationResult(
                $"Discord:ApiBaseUrl must be an absolute http(s) URL such as {DefaultApiBaseUrl}.", [nameof(ApiBaseUrl)]);
        }

        if (GatewayUrl is { Length: > 0 } && !IsAbsolute(GatewayUrl, "ws", "wss"))
        {
            yield return new ValidationResult(
                "Discord:GatewayUrl must be an absolute ws:// or wss:// URL, or unset to use the one Discord gives.", [nameof(GatewayUrl)]);
        }

        if (ShardId is { } shardId && shardId >= ShardCount)
        {
            yield return new ValidationResult(
                $"Discord:ShardId ({ShardId}) must be less than Discord:ShardCount ({ShardCount}).", [nameof(ShardId)]);
        }
    }

    private static bool IsAbsolute(string? text, string scheme, string secureScheme) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == scheme || uri.Scheme == secureScheme);
}

/// <summary>Source-generated validation of <see cref="DiscordOptions"/>: no reflection at start.</summary>
[OptionsValidator]
public sealed partial class DiscordOptionsValidator : IValidateOptions<DiscordOptions>;
