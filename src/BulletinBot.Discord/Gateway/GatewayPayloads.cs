using System.Buffers;
using System.Text.Json;

namespace BulletinBot.Discord.Gateway;

/// <summary>Gateway opcodes (topics/opcodes-and-status-codes).</summary>
internal static class GatewayOpcode
{
    public const int Dispatch = 0;
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int Resume = 6;
    public const int Reconnect = 7;
    public const int InvalidSession = 9;
    public const int Hello = 10;
    public const int HeartbeatAck = 11;
}

/// <summary>An event the gateway dispatched (op 0): its name, sequence number and data.</summary>
public sealed record GatewayDispatch(string Name, long Sequence, JsonElement Data);

/// <summary>A parsed received payload: <c>{op, d, s, t}</c>.</summary>
internal sealed record GatewayPayload(int Op, JsonElement Data, long? Sequence, string? EventName)
{
    public static GatewayPayload Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json);
        var root = document.RootElement;
        var op = root.GetProperty("op").GetInt32();
        var data = root.TryGetProperty("d", out var d) ? d.Clone() : default;
        long? sequence = root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
        var name = root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new GatewayPayload(op, data, sequence, name);
    }
}

/// <summary>Writes the payloads the client sends. Each is at most 4096 bytes, as the gateway requires.</summary>
internal static class GatewayCommands
{
    public const int MaxFrameBytes = 4096;

    public static ReadOnlyMemory<byte> Heartbeat(long? sequence) => Write(writer =>
    {
        writer.WriteNumber("op", GatewayOpcode.Heartbeat);
        if (sequence is { } value)
        {
            writer.WriteNumber("d", value);
        }
        else
        {
            writer.WriteNull("d");
        }
    });

    public static ReadOnlyMemory<byte> Identify(string token, int shardId, int shardCount) => Write(writer =>
    {
        writer.WriteNumber("op", GatewayOpcode.Identify);
        writer.WriteStartObject("d");
        writer.WriteString("token", token);
        writer.WriteStartObject("properties");
        writer.WriteString("os", Environment.OSVersion.Platform.ToString().ToLowerInvariant());
        writer.WriteString("browser", "BulletinBot");
        writer.WriteString("device", "BulletinBot");
        writer.WriteEndObject();
        // Slash commands and buttons arrive as INTERACTION_CREATE, which needs no intent.
        writer.WriteNumber("intents", 0);
        writer.WriteStartArray("shard");
        writer.WriteNumberValue(shardId);
        writer.WriteNumberValue(shardCount);
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static ReadOnlyMemory<byte> Resume(string token, string sessionId, long sequence) => Write(writer =>
    {
        writer.WriteNumber("op", GatewayOpcode.Resume);
        writer.WriteStartObject("d");
        writer.WriteString("token", token);
        writer.WriteString("session_id", sessionId);
        writer.WriteNumber("seq", sequence);
        writer.WriteEndObject();
    });

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        if (buffer.WrittenCount > MaxFrameBytes)
        {
            throw new InvalidOperationException($"A gateway payload of {buffer.WrittenCount} bytes is over the {MaxFrameBytes}-byte limit.");
        }

        return buffer.WrittenMemory;
    }
}

/// <summary>What the gateway's close codes mean for the next connection.</summary>
internal static class GatewayCloseCodes
{
    /// <summary>Sent by us to drop a zombie or reconnect: any code but 1000/1001 keeps the session resumable.</summary>
    public const int Reconnecting = 4900;

    public static bool IsFatal(int code) => code is 4004 or (>= 4010 and <= 4014);

    public static string Meaning(int code) => code switch
    {
        4004 => "authentication failed: the bot token is wrong",
        4010 => "invalid shard: check Discord:ShardId and Discord:ShardCount",
        4011 => "sharding required: set Discord:ShardCount (the processes sharing the store divide the shards)",
        4012 => "invalid API version",
        4013 => "invalid intents",
        4014 => "disallowed intents",
        _ => "unknown close code",
    };

    /// <summary>The one line for a fatal close: the setting to change, for the operator (no retry can help).</summary>
    public static string Refusal(int code) => code switch
    {
        4004 => DiscordRefusal.Token($"gateway close 4004, {Meaning(code)}"),
        4010 or 4011 => $"Discord:ShardCount was refused by Discord (gateway close {code}, {Meaning(code)}).",
        _ => $"Discord:BotToken's application was refused by Discord (gateway close {code}, {Meaning(code)}). Check the bot's settings in the developer portal.",
    };
}

/// <summary>Discord's answer that the bot token is wrong or revoked, as the one line the operator reads.</summary>
public static class DiscordRefusal
{
    public static string Token(string how) => $"Discord:BotToken was refused by Discord ({how}). Set a valid token (the bot token from the developer portal).";
}
