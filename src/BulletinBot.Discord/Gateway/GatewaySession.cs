using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using BulletinBot.Discord.Limits;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord.Gateway;

/// <summary>
/// One gateway connection from Hello to close: heartbeats, Identify or Resume, and the receive loop.
/// It decides whether the next connection may resume; <see cref="GatewayClient"/> makes it.
/// </summary>
internal sealed class GatewaySession(
    IGatewayConnection connection,
    GatewaySessionState state,
    DiscordOptions settings,
    int shardId,
    ChannelWriter<GatewayDispatch> dispatches,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    // The gateway allows 120 events sent per connection every 60 seconds.
    private const int SendsPerWindow = 120;
    private static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim sendLock = new(1, 1);
    private int acknowledged = 1;
    private volatile bool zombie;
    private bool reachedReady;

    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>The identify bucket this session holds, told just before its Identify goes out and again once it has.</summary>
    public IdentifySlot? Slot { get; init; }

    public async Task<SessionEnd> RunAsync(bool resume, CancellationToken cancellationToken)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sendLimiter = new ClockedWindowLimiter(SendsPerWindow, SendWindow, time);
        Task heartbeats = Task.CompletedTask;
        try
        {
            var first = await connection.ReceiveAsync(lifetime.Token);
            if (first.IsClose)
            {
                return Closed(first);
            }

            var hello = GatewayPayload.Parse(first.Payload);
            if (hello.Op != GatewayOpcode.Hello)
            {
                logger.LogWarning("The Discord gateway sent op {Op} before Hello; reconnecting", hello.Op);
                await CloseAsync(GatewayCloseCodes.Reconnecting);
                return Again();
            }

            var interval = TimeSpan.FromMilliseconds(hello.Data.GetProperty("heartbeat_interval").GetDouble());
            // The first beat's timer starts before Identify goes out, so it counts from Hello.
            var firstBeat = Task.Delay(interval * Jitter(), time, lifetime.Token);
            heartbeats = HeartbeatAsync(firstBeat, interval, sendLimiter, lifetime);

            if (resume && state.CanResume)
            {
                logger.LogInformation("Resuming Discord session at sequence {Sequence}", state.Sequence);
                await SendAsync(GatewayCommands.Resume(settings.BotToken, state.SessionId!, state.Sequence!.Value), sendLimiter, lifetime.Token);
            }
            else
            {
                logger.LogInformation("Identifying to Discord as shard {ShardId} of {ShardCount}", shardId, settings.ShardCount);
                // Counted before the send: a send cancelled or failed part-way (the shard closed for another replica,
                // the socket dropped) may still have reached Discord, so the bucket stays used for its 5 s either way.
                if (Slot is { } slot)
                {
                    await slot.IdentifyingAsync(lifetime.Token);
                }

                await SendAsync(GatewayCommands.Identify(settings.BotToken, shardId, settings.ShardCount), sendLimiter, lifetime.Token);

                // And counted again once sent: a process slow between the mark and the send (a cold start, a loaded
                // machine) must not let the bucket's next Identify follow its own by less than the spacing.
                if (Slot is { } sent)
                {
                    await sent.IdentifiedAsync(lifetime.Token);
                }
            }

            return await ReceiveLoopAsync(sendLimiter, lifetime.Token);
        }
        catch (OperationCanceledException) when (zombie)
        {
            return Again();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: 1000 ends the session, so the bot shows offline at once.
            await CloseAsync(1000);
            return new SessionEnd(SessionNext.Stop, reachedReady);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            if (!zombie)
            {
                logger.LogWarning("The Discord gateway connection dropped ({Problem}); reconnecting", ex.Message);
                await CloseAsync(GatewayCloseCodes.Reconnecting);
            }

            return Again();
        }
        finally
        {
            await lifetime.CancelAsync();
            try
            {
                await heartbeats;
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task<SessionEnd> ReceiveLoopAsync(ClockedWindowLimiter sendLimiter, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await connection.ReceiveAsync(cancellationToken);
            if (frame.IsClose)
            {
                return Closed(frame);
            }

            var payload = GatewayPayload.Parse(frame.Payload);
            switch (payload.Op)
            {
                case GatewayOpcode.Dispatch:
                    await DispatchAsync(payload, cancellationToken);
                    break;
                case GatewayOpcode.Heartbeat:
                    // The gateway asked for a beat now; the regular cadence goes on unchanged.
                    await SendAsync(GatewayCommands.Heartbeat(state.Sequence), sendLimiter, cancellationToken);
                    break;
                case GatewayOpcode.HeartbeatAck:
                    Volatile.Write(ref acknowledged, 1);
                    break;
                case GatewayOpcode.Reconnect:
                    logger.LogInformation("The Discord gateway asked for a reconnect; resuming");
                    await CloseAsync(GatewayCloseCodes.Reconnecting);
                    return Again();
                case GatewayOpcode.InvalidSession:
                    var resumable = payload.Data.ValueKind == JsonValueKind.True;
                    logger.LogInformation("The Discord session is invalid (resumable: {Resumable})", resumable);
                    if (!resumable)
                    {
                        state.Forget();
                    }

                    await CloseAsync(resumable ? GatewayCloseCodes.Reconnecting : 1000);
                    return Again();
                default:
                    logger.LogDebug("Ignored Discord gateway op {Op}", payload.Op);
                    break;
            }
        }
    }

    private async Task DispatchAsync(GatewayPayload payload, CancellationToken cancellationToken)
    {
        if (payload.Sequence is { } sequence)
        {
            state.Saw(sequence);
        }

        var name = payload.EventName ?? "";
        if (name == "READY")
        {
            state.Ready(payload.Data.GetProperty("session_id").GetString()!, payload.Data.GetProperty("resume_gateway_url").GetString()!);
            reachedReady = true;
            logger.LogInformation("Discord session ready");
        }
        else if (name == "RESUMED")
        {
            state.Connection?.Connected();
            reachedReady = true;
            logger.LogInformation("Discord session resumed");
        }

        await dispatches.WriteAsync(new GatewayDispatch(name, payload.Sequence ?? 0, payload.Data), cancellationToken);
    }

    private async Task HeartbeatAsync(Task firstBeat, TimeSpan interval, ClockedWindowLimiter sendLimiter, CancellationTokenSource lifetime)
    {
        await firstBeat;
        while (!lifetime.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref acknowledged, 0) == 0)
            {
                // No ACK since the last beat: a zombie connection. Any code but 1000/1001 keeps the session resumable.
                zombie = true;
                logger.LogWarning("No heartbeat ACK from the Discord gateway; reconnecting to resume");
                await CloseAsync(GatewayCloseCodes.Reconnecting);
                await lifetime.CancelAsync();
                return;
            }

            // The next timer starts before this beat is sent, so the cadence does not drift by the send time.
            var next = Task.Delay(interval, time, lifetime.Token);
            await SendAsync(GatewayCommands.Heartbeat(state.Sequence), sendLimiter, lifetime.Token);
            await next;
        }
    }

    private async Task SendAsync(ReadOnlyMemory<byte> payload, ClockedWindowLimiter sendLimiter, CancellationToken cancellationToken)
    {
        await sendLimiter.AcquireAsync(cancellationToken);
        await sendLock.WaitAsync(cancellationToken);
        try
        {
            await connection.SendAsync(payload, cancellationToken);
        }
        finally
        {
            sendLock.Release();
        }
    }

    private async Task CloseAsync(int code)
    {
        await sendLock.WaitAsync();
        try
        {
            await connection.CloseAsync(code, CancellationToken.None);
        }
        finally
        {
            sendLock.Release();
        }
    }

    private SessionEnd Closed(GatewayFrame frame)
    {
        var code = frame.CloseCode ?? 1005;
        if (GatewayCloseCodes.IsFatal(code))
        {
            // The host prints the refusal once, as the line naming the setting; here only the protocol detail.
            logger.LogDebug("Discord closed the gateway with {CloseCode} ({Meaning}); the Discord bot stops and does not reconnect",
                code, GatewayCloseCodes.Meaning(code));
            return new SessionEnd(SessionNext.Stop, reachedReady, GatewayCloseCodes.Refusal(code));
        }

        logger.LogInformation("Discord closed the gateway with {CloseCode} {CloseReason}; reconnecting", code, frame.CloseReason);
        return Again();
    }

    private SessionEnd Again() => new(SessionNext.Reconnect, reachedReady);

    public void Dispose() => sendLock.Dispose();
}
