using Microsoft.Extensions.DependencyInjection;
using BulletinBot.Core.Conversation;
using System.Text.Json;
using BulletinBot.Telegram.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// Long polling. The offset comes from the store and goes back to it after each update is handled, so a
/// restart resumes exactly there. A 429 waits its retry_after, other failures back off up to
/// Telegram:MaxBackoffSeconds; an answer that comes back empty too early is followed by a pause, so the
/// loop never spins whatever the server does.
/// </summary>
public sealed class UpdatePoller(
    TelegramApiClient client,
    IUpdateSink sink,
    IUpdateOffsetStore offsets,
    TelegramOptions options,
    TimeProvider time,
    ILogger<UpdatePoller> logger,
    [FromKeyedServices("telegram")] PlatformConnection? connection = null,
    BotIdentity? identity = null) : BackgroundService
{
    internal static readonly string[] AllowedUpdates = ["message", "channel_post", "callback_query", "inline_query"];

    /// <summary>How long an update already being handled may still take once the host stops.</summary>
    private static readonly TimeSpan HandlingGrace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RunAsync(stoppingToken);
    }

    /// <summary>The loop, until <paramref name="stoppingToken"/> fires (or <paramref name="maxPolls"/> calls were made, for tests).</summary>
    internal async Task RunAsync(CancellationToken stoppingToken, int maxPolls = int.MaxValue)
    {
        var maxBackoff = TimeSpan.FromSeconds(options.MaxBackoffSeconds);
        var offset = offsets.Load();
        var failures = 0;
        var webhookCleared = false;
        if (identity is not null && !await TokenAcceptedAsync(identity, maxBackoff, stoppingToken))
        {
            return;
        }

        logger.LogInformation("Telegram long polling from update {Offset}", offset);
        for (var poll = 0; poll < maxPolls && !stoppingToken.IsCancellationRequested; poll++)
        {
            var started = time.GetTimestamp();
            JsonElement[] batch;
            try
            {
                if (!webhookCleared)
                {
                    // getUpdates answers 409 while a webhook is set; keep pending updates for us to poll.
                    await client.DeleteWebhook(dropPendingUpdates: false, stoppingToken);
                    webhookCleared = true;
                }

                batch = await client.SendRequest(
                    new RawUpdatesRequest { Offset = offset, Timeout = options.PollTimeoutSeconds, AllowedUpdates = AllowedUpdates },
                    stoppingToken);
                failures = 0;
                connection?.Connected();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (TokenRefusal.Of(exception) is { } refused)
            {
                // Revoked while running: polling on would only be refused again.
                Refuse(refused);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                var failure = TelegramFailure.Of(exception);
                var wait = failure.Wait(++failures, maxBackoff);
                connection?.Disconnected($"getUpdates failed: {failure.Kind} {failure.ErrorCode}");
                logger.LogWarning("Telegram getUpdates failed ({Kind} {Code}: {Description}); waiting {Wait} before poll {Failures}",
                    failure.Kind, failure.ErrorCode, client.Redactor.Redact(failure.Description), wait, failures + 1);
                if (!await DelayAsync(wait, stoppingToken))
                {
                    break;
                }

                continue;
            }

            offset = await DispatchAsync(batch, offset, stoppingToken);
            if (batch.Length == 0 && time.GetElapsedTime(started) < MinimumPollInterval)
            {
                // A server that answers an empty long poll at once would otherwise be asked again at once.
                if (!await DelayAsync(MinimumPollInterval - time.GetElapsedTime(started), stoppingToken))
                {
                    break;
                }
            }
        }
    }

    /// <summary>getMe before the first poll: false once Telegram refused the token; other failures are waited out.</summary>
    private async Task<bool> TokenAcceptedAsync(BotIdentity identity, TimeSpan maxBackoff, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await identity.GetNameAsync(stoppingToken);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception exception) when (TokenRefusal.Of(exception) is { } refused)
            {
                Refuse(refused);
                return false;
            }
            catch (Exception exception)
            {
                var failure = TelegramFailure.Of(exception);
                var wait = failure.Wait(attempt, maxBackoff);
                connection?.Disconnected($"getMe failed: {failure.Kind} {failure.ErrorCode}");
                logger.LogWarning("Telegram getMe failed ({Kind} {Code}: {Description}); trying again in {Wait}",
                    failure.Kind, failure.ErrorCode, client.Redactor.Redact(failure.Description), wait);
                if (!await DelayAsync(wait, stoppingToken))
                {
                    return false;
                }
            }
        }
    }

    private void Refuse(string line)
    {
        logger.LogDebug("Telegram stops receiving: {Refusal}", line);
        connection?.Refused(line);
    }

    private async Task<int> DispatchAsync(JsonElement[] batch, int offset, CancellationToken stoppingToken)
    {
        foreach (var element in batch)
        {
            if (!UpdateReader.TryRead(element, out var id, out var update, out var problem))
            {
                logger.LogWarning("Telegram update {UpdateId} skipped: {Problem}", id, problem);
            }
            else if (id >= offset)
            {
                await HandleAsync(id, update!, stoppingToken);
            }

            if (id >= offset)
            {
                offset = id + 1;
                offsets.Save(offset);
            }
        }

        return offset;
    }

    private async Task HandleAsync(int id, Update update, CancellationToken stoppingToken)
    {
        // An update being answered is finished after a stop (for a grace period), so its offset is stored
        // only once the answer went out, and a restart does not answer it again.
        using var handling = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var onStop = stoppingToken.Register(() => handling.CancelAfter(HandlingGrace));
        try
        {
            await sink.HandleAsync(update, handling.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !handling.IsCancellationRequested)
        {
            logger.LogError("Telegram update {UpdateId} ({Type}) failed: {Error}", id, update.Type, client.Redactor.Describe(exception));
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Telegram update {UpdateId} abandoned at shutdown", id);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(wait, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
