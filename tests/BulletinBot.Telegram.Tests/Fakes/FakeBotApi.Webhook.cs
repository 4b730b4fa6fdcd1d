using System.Text.Json.Nodes;

namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>
/// The webhook as the Bot API keeps it: setWebhook sets it, deleteWebhook removes it, and while one is set getUpdates
/// answers 409, so a test proves that webhook replicas never poll.
/// </summary>
public sealed partial class FakeBotApi
{
    public const string WebhookConflictDescription =
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

    private string? webhookUrl;
    private int webhookConflicts;

    /// <summary>The URL the last setWebhook gave, until a deleteWebhook.</summary>
    public string? WebhookUrl => Volatile.Read(ref webhookUrl);

    /// <summary>How many getUpdates calls were answered 409 because a webhook was set.</summary>
    public int WebhookConflicts => Volatile.Read(ref webhookConflicts);

    internal (int Status, JsonNode? Result, string? Error) SetWebhook(JsonObject body)
    {
        var url = body["url"]?.ToString();
        Volatile.Write(ref webhookUrl, string.IsNullOrEmpty(url) ? null : url);
        return (200, true, null);
    }

    internal (int Status, JsonNode? Result, string? Error) DeleteWebhook()
    {
        Volatile.Write(ref webhookUrl, null);
        return (200, true, null);
    }

    private bool RefusedForWebhook()
    {
        if (WebhookUrl is null)
        {
            return false;
        }

        Interlocked.Increment(ref webhookConflicts);
        return true;
    }
}
