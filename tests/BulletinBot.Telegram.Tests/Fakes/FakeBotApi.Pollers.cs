using System.Text.Json.Nodes;

namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>
/// One getUpdates consumer at a time, as the Bot API allows per token: a getUpdates that arrives while another is
/// still being answered gets 409 "Conflict", and is counted, so a test proves two bots never poll at once.
/// </summary>
public sealed partial class FakeBotApi
{
    public const string PollConflictDescription =
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";

    private int polling;
    private int pollConflicts;

    /// <summary>How many getUpdates calls were answered 409 because another one was in progress.</summary>
    public int PollConflicts => Volatile.Read(ref pollConflicts);

    private async Task<(int Status, JsonNode? Result, string? Error)> ConsumeUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        if (RefusedForWebhook())
        {
            return (409, null, WebhookConflictDescription);
        }

        if (Interlocked.CompareExchange(ref polling, 1, 0) != 0)
        {
            Interlocked.Increment(ref pollConflicts);
            return (409, null, PollConflictDescription);
        }

        try
        {
            return (200, await UpdatesAsync(body, aborted), null);
        }
        finally
        {
            Volatile.Write(ref polling, 0);
        }
    }
}
