using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot.Requests;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// getUpdates answered as raw JSON elements instead of <c>Update[]</c>: one malformed update must not
/// fail the whole batch (and stall the offset), so each element is read on its own.
/// </summary>
internal sealed class RawUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    public int? Offset { get; set; }

    public int? Limit { get; set; }

    public int? Timeout { get; set; }

    [JsonPropertyName("allowed_updates")]
    public IEnumerable<string>? AllowedUpdates { get; set; }
}
