using BulletinBot.Core.Chats;
using Microsoft.Extensions.DependencyInjection;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Replicas;
using System.Text.Json;
using BulletinBot.Telegram.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// Long polling. Each batch goes through the door into the chats' queues (<see cref="UpdateLanes"/>), and the
/// offset moves past it in the store together with the updates not yet answered, so a restart resumes exactly
/// there. A 429 waits its retry_after, other failures back off up to Telegram:MaxBackoffSeconds; an answer that
/// comes back empty too early is followed by a pause, so the
/// loop never spins whatever the server does.
/// Telegram allows one getUpdates consumer per token (a second gets 409), so among replicas only the holder of
/// <see cref="WorkLeaseNames.TelegramUpdates"/> polls: it starts from the shared offset and first answers what the
/// previous holder left unanswered, and it stops its queues before it gives the lease up, so an update is neither
/// answered twice nor lost at a handover. A replica that does not poll still sends replies and announcements.
/// </summary>
public sealed class UpdatePoller(
    TelegramApiClient client,
    IUpdateSink sink,
    IUpdateOffsetStore offsets,
    TelegramOptions options,
    TimeProvider time,
    ILogger<UpdatePoller> logger,
    [FromKeyedServices(Platforms.Telegram)] PlatformConnection? connection = null,
    BotIdentity? identity = null,
    IWorkLeases? leases = null) : BackgroundService
{
    internal static readonly string[] AllowedUpdates = ["message", "channel_post", "callback_query", "inline_query"];

    private static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(1);

    private bool refused;
    private bool conflictLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (leases is null)
        {
            await RunAsync(stoppingToken);
            return;
        }

        if (identity is not null && !await TokenAcceptedAsync(identity, TimeSpan.FromSeconds(options.MaxBackoffSeconds), stoppingToken))
        {
            return;
        }

        // Telegram answered getMe: a replica that waits for the lease still sends replies and announcements.
        connection?.Connected();

        // A refused token ends the work for good, not only this hold of the lease.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await leases.RunWhileHeldAsync(
            WorkLeaseNames.TelegramUpdates,
            async held =>
            {
                await PollAsync(lost: () => !stoppingToken.IsCancellationRequested, int.MaxValue, held);
                if (refused)
                {
                    await stop.CancelAsync();
                }
            },
            time,
            logger,
            stop.Token);
    }

    /// <summary>The loop, until <paramref name="stoppingToken"/> fires (or <paramref name="maxPolls"/> calls were made, for tests).</summary>
    internal async Task RunAsync(CancellationToken stoppingToken, int maxPolls = int.MaxValue)
    {
        if (identity is not null && !await TokenAcceptedAsync(identity, TimeSpan.FromSeconds(options.MaxBackoffSeconds), stoppingToken))
        {
            return;
        }

        await PollAsync(lost: static () => false, maxPolls, stoppingToken);
    }

    /// <summary>
    /// Polls until <paramref name="stoppingToken"/> fires. When it fired because the lease was <paramref name="lost"/>,
    /// the updates being answered are abandoned at once: they stay kept, and the new holder answers them.
    /// </summary>
    private async Task PollAsync(Func<bool> lost, int maxPolls, CancellationToken stoppingToken)
    {
        var lanes = new UpdateLanes(sink, offsets, client.Redactor, time, logger);
        try
        {
            await PollLoopAsync(lanes, maxPolls, stoppingToken);
        }
        finally
        {
            await lanes.StopAsync(abandonAtOnce: stoppingToken.IsCancellationRequested && lost());
        }
    }

    private async Task PollLoopAsync(UpdateLanes lanes, int maxPolls, CancellationToken stoppingToken)
    {
        var maxBackoff = TimeSpan.FromSeconds(options.MaxBackoffSeconds);
        var offset = offsets.Load();
        var failures = 0;
        var webhookCleared = false;
        lanes.Resume();
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
                conflictLogged = false;
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
                if (failure.ErrorCode == 409)
                {
                    LogConflict(client.Redactor.Redact(failure.Description), wait);
                }
                else
                {
                    logger.LogWarning("Telegram getUpdates failed ({Kind} {Code}: {Description}); waiting {Wait} before poll {Failures}",
                    failure.Kind, failure.ErrorCode, client.Redactor.Redact(failure.Description), wait, failures + 1);
                }

                if (!await DelayAsync(wait, stoppingToken))
                {
                    break;
                }

                continue;
            }

            offset = await lanes.HandOffAsync(batch, offset, stoppingToken);
            if (batch.Length == 0 && time.GetElapsedTime(started) < MinimumPollInterval)
            {
                // A server that answers an empty long poll at once would otherwise be asked again at once.
                if (!await DelayAsync(MinimumPollInterval - time.GetElapsedTime(started), stoppingToken))
                {
                    break;
                }
            }
        }

        if (!stoppingToken.IsCancellationRequested)
        {
            await lanes.DrainAsync();
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

    /// <summary>
    /// 409: another process polls with this token (one outside these replicas, or a webhook set by hand). Said once
    /// until a poll succeeds again; the loop backs off meanwhile.
    /// </summary>
    private void LogConflict(string description, TimeSpan wait)
    {
        if (conflictLogged)
        {
            logger.LogDebug("Telegram getUpdates still answers 409; waiting {Wait}", wait);
            return;
        }

        conflictLogged = true;
        logger.LogWarning("Telegram getUpdates answered 409 ({Description}): another process polls with this bot token; this one backs off and retries (run one poller per token, or use a webhook)", description);
    }

    private void Refuse(string line)
    {
        refused = true;
        logger.LogDebug("Telegram stops receiving: {Refusal}", line);
        connection?.Refused(line);
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
