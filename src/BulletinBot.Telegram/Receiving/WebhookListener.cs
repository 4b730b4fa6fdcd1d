using BulletinBot.Core.Chats;
using Microsoft.Extensions.DependencyInjection;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Replicas;
using BulletinBot.Core.Storage;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BulletinBot.Telegram.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// Webhook mode: a small <see cref="HttpListener"/> behind the deployment's HTTPS proxy. Every call must carry
/// Telegram:WebhookSecret in X-Telegram-Bot-Api-Secret-Token (compared in constant time), or it gets 401.
/// An update is taken through the door into its chat's queue (<see cref="UpdateLanes"/>) and kept in the store before
/// the 200 goes back. Every replica listens; each update is claimed by its id in the shared store, kept in the same
/// step, so one that Telegram delivers again, or that reaches two replicas behind a balancer, is answered once, and a
/// replica that dies between the claim and the 200 leaves it kept, not lost. Only the holder of
/// <see cref="WorkLeaseNames.TelegramUpdates"/> calls setWebhook (again when another replica takes the lease over),
/// so the replicas do not fight over it. An update a replica kept and did not answer before it died is taken over by
/// a live one within <see cref="TakeOverEvery"/> (<see cref="IUpdateOffsetStore.TakeOver"/>); a live replica's are
/// never taken from it.
/// </summary>
public sealed class WebhookListener(
    TelegramApiClient client,
    IUpdateSink sink,
    IUpdateOffsetStore offsets,
    TelegramOptions options,
    TimeProvider time,
    ILogger<WebhookListener> logger,
    [FromKeyedServices(Platforms.Telegram)] PlatformConnection? connection = null,
    IWorkLeases? leases = null) : BackgroundService
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private const int MaxBodyBytes = 1 << 20;

    /// <summary>How often a replica looks for updates that a replica which died kept and did not answer.</summary>
    public static readonly TimeSpan TakeOverEvery = TimeSpan.FromSeconds(2);

    /// <summary>How many times the listener's start is tried before the bot stops with an error (about 15 s in all).</summary>
    public const int StartAttempts = 6;

    private static readonly TimeSpan MaxStartWait = TimeSpan.FromSeconds(4);

    private readonly byte[] secret = Encoding.UTF8.GetBytes(options.WebhookSecret ?? "");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = await StartListeningAsync(stoppingToken);
        using var stop = stoppingToken.Register(listener.Stop);
        await using var lanes = new UpdateLanes(sink, offsets, client.Redactor, time, logger);
        lanes.TakeOver();
        logger.LogInformation("Telegram webhook listening on {Prefix}", options.WebhookListenPrefix);
        using var refused = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task registering = Task.CompletedTask;
        var takingOver = leases is null ? Task.CompletedTask : TakeOverAsync(lanes, refused.Token);
        if (leases is null)
        {
            if (!await RegisterAsync(stoppingToken))
            {
                return;
            }
        }
        else
        {
            connection?.Connected();
            registering = RegisterWhileHeldAsync(leases, refused);
        }

        using var stopOnRefusal = refused.Token.Register(listener.Stop);
        try
        {
            await ListenAsync(listener, lanes, refused.Token);
        }
        finally
        {
            await refused.CancelAsync();
            await registering;
            await takingOver;
        }
    }

    /// <summary>
    /// Opens the listener, trying again with back-off: a start can fail for a moment (the port not yet given back by
    /// the process before, or a call that reaches the port while the listener is being built). After
    /// <see cref="StartAttempts"/> tries it fails with one line naming the setting; the bot then stops with an error,
    /// so a supervisor sees it, instead of running on without its only way to receive updates.
    /// </summary>
    private async Task<HttpListener> StartListeningAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var listener = new HttpListener();
            try
            {
                listener.Prefixes.Add(options.WebhookListenPrefix);
                listener.Start();
                return listener;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ((IDisposable)listener).Dispose();
                var problem = client.Redactor.Redact(exception.Message);
                if (attempt >= StartAttempts || stoppingToken.IsCancellationRequested)
                {
                    throw new PlatformStoppedException(
                        $"The Telegram webhook listener could not listen on {options.WebhookListenPrefix} after {attempt} tries ({problem}): free that port or change Telegram:WebhookListenPrefix.",
                        exception);
                }

                var wait = TelegramFailure.Backoff(attempt, MaxStartWait);
                logger.LogWarning("Telegram webhook listener could not start on {Prefix} ({Error}); trying again in {Wait}", options.WebhookListenPrefix, problem, wait);
                await Task.Delay(wait, time, stoppingToken);
            }
        }
    }

    /// <summary>Replicas: takes over, now and then, the updates a replica that died had kept and not answered.</summary>
    private async Task TakeOverAsync(UpdateLanes lanes, CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TakeOverEvery, time, stoppingToken);
                lanes.TakeOver();
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Once per outage, not every two seconds while the store is down.
                if (!failing)
                {
                    failing = true;
                    logger.LogWarning("Telegram: looking for updates a stopped replica left failed ({Error}); looking again every {Wait}", client.Redactor.Describe(exception), TakeOverEvery);
                }
            }
        }
    }

    /// <summary>The holder of the lease sets the webhook, once per hold; a refused token stops the listener.</summary>
    private Task RegisterWhileHeldAsync(IWorkLeases leases, CancellationTokenSource refused) =>
        leases.RunWhileHeldAsync(
            WorkLeaseNames.TelegramUpdates,
            async held =>
            {
                if (!await RegisterAsync(held))
                {
                    if (!held.IsCancellationRequested)
                    {
                        await refused.CancelAsync();
                    }

                    return;
                }

                // Keep the lease, so no other replica sets the webhook again, until it is lost or the host stops.
                await Task.Delay(Timeout.InfiniteTimeSpan, time, held);
            },
            time,
            logger,
            refused.Token);

    private async Task ListenAsync(HttpListener listener, UpdateLanes lanes, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }

                logger.LogWarning("Telegram webhook listener: {Error}", exception.Message);
                continue;
            }

            await AnswerAsync(context, lanes, stoppingToken);
        }
    }

    /// <summary>Sets the webhook, retrying with back-off; false once Telegram refused the token (or the host stopped).</summary>
    private async Task<bool> RegisterAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await client.SetWebhook(options.WebhookUrl!, allowedUpdates: null, secretToken: options.WebhookSecret,
                    cancellationToken: stoppingToken);
                logger.LogInformation("Telegram webhook set to {Url}", options.WebhookUrl);
                connection?.Connected();
                return true;
            }
            catch (Exception exception) when (TokenRefusal.Of(exception) is { } refused)
            {
                connection?.Refused(refused);
                return false;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                var wait = TelegramFailure.Backoff(attempt, TimeSpan.FromSeconds(options.MaxBackoffSeconds));
                logger.LogWarning("Telegram setWebhook failed ({Error}); retrying in {Wait}", client.Redactor.Redact(exception.Message), wait);
                await Task.Delay(wait, time, stoppingToken);
            }
        }

        return false;
    }

    private async Task AnswerAsync(HttpListenerContext context, UpdateLanes lanes, CancellationToken stoppingToken)
    {
        var response = context.Response;
        try
        {
            if (!HasSecret(context.Request.Headers[SecretHeader]))
            {
                logger.LogWarning("Telegram webhook call from {Remote} without the right secret: 401", context.Request.RemoteEndPoint);
                response.StatusCode = (int)HttpStatusCode.Unauthorized;
                return;
            }

            if (context.Request.HttpMethod != "POST" || context.Request.ContentLength64 > MaxBodyBytes)
            {
                response.StatusCode = context.Request.HttpMethod != "POST" ? (int)HttpStatusCode.MethodNotAllowed : (int)HttpStatusCode.RequestEntityTooLarge;
                return;
            }

            await HandleBodyAsync(context.Request.InputStream, lanes, stoppingToken);
            response.StatusCode = (int)HttpStatusCode.OK;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the update was kept: not acknowledged, so Telegram delivers it again (to another replica).
            response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        }
        catch (Exception exception) when (StoreFailure.Is(exception))
        {
            // Not kept: Telegram delivers an update not acknowledged again, later or to another replica.
            logger.LogWarning("Telegram webhook update not kept, the store failed ({Error}): answered 503 so Telegram delivers it again", client.Redactor.Describe(exception));
            response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError("Telegram webhook call failed: {Error}", client.Redactor.Describe(exception));
            // 200 all the same: Telegram would otherwise deliver the same update again and again.
            response.StatusCode = (int)HttpStatusCode.OK;
        }
        finally
        {
            response.Close();
        }
    }

    private async Task HandleBodyAsync(Stream body, UpdateLanes lanes, CancellationToken stoppingToken)
    {
        JsonElement element;
        try
        {
            element = await JsonSerializer.DeserializeAsync<JsonElement>(body, cancellationToken: stoppingToken);
        }
        catch (JsonException exception)
        {
            logger.LogWarning("Telegram webhook body skipped: unreadable JSON: {Problem}", exception.Message);
            return;
        }

        // Claimed by id, not compared with the offset: Telegram delivers up to max_connections updates at once, so
        // an older update may arrive after a newer one, and another replica may be taking the same one right now.
        if (!UpdateReader.TryRead(element, out var id, out _, out _))
        {
            await lanes.HandOffAsync([element], offsets.Load(), stoppingToken);
            return;
        }

        if (!await lanes.HandOffClaimedAsync(element, stoppingToken))
        {
            logger.LogInformation("Telegram update {UpdateId} delivered again; already taken", id);
        }
    }

    private bool HasSecret(string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), secret);
}
