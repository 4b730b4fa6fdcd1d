using BulletinBot.Core.Chats;
using Microsoft.Extensions.DependencyInjection;
using BulletinBot.Core.Conversation;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using BulletinBot.Discord.Limits;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Discord.Gateway;

/// <summary>
/// Keeps one gateway session alive: connects, identifies or resumes, and reconnects as the protocol says.
/// Dispatched events come out of <see cref="Dispatches"/> in order.
/// </summary>
public sealed class GatewayClient(
    IGatewayTransport transport,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<GatewayClient> logger,
    [FromKeyedServices(Platforms.Discord)] PlatformConnection? connection = null)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    private readonly Channel<GatewayDispatch> dispatches = Channel.CreateBounded<GatewayDispatch>(
        new BoundedChannelOptions(1024) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly GatewaySessionState state = new() { Connection = connection };

    /// <summary>The random factor in [0, 1) for the first heartbeat and the back-off; fixed in tests.</summary>
    internal Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    public ChannelReader<GatewayDispatch> Dispatches => dispatches.Reader;

    /// <summary>The shard this client identifies as; Discord:ShardId (or 0) unless the shard runner sets it.</summary>
    internal int Shard { get; init; } = options.Value.ShardId ?? 0;

    /// <summary>The identify buckets shared by every shard (and replica); unset, this client keeps its own pace.</summary>
    internal IdentifyGate? IdentifyGate { get; init; }

    /// <summary>Runs until cancelled or until the gateway refuses the bot for good (a fatal close code).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunSessionsAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            dispatches.Writer.TryComplete();
        }
    }

    private async Task RunSessionsAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var info = await LocateGatewayAsync(cancellationToken);
        if (info is null)
        {
            return;
        }

        var gatewayUrl = GatewayUrl(settings.GatewayUrl is { Length: > 0 } configured ? configured : info.Url);
        logger.LogInformation("Discord gateway at {GatewayUrl}, {Remaining} session starts left, identify concurrency {MaxConcurrency}",
            gatewayUrl, info.SessionStartLimit.Remaining, info.SessionStartLimit.MaxConcurrency);

        if (info.SessionStartLimit.Remaining <= 0)
        {
            var wait = TimeSpan.FromMilliseconds(info.SessionStartLimit.ResetAfter);
            logger.LogWarning("No Discord session starts left today; waiting {Wait} before identifying", wait);
            await Task.Delay(wait, time, cancellationToken);
        }

        using var identifyLimiter = new ClockedWindowLimiter(
            Math.Max(1, info.SessionStartLimit.MaxConcurrency), TimeSpan.FromSeconds(5), time);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var resumeUrl = state.CanResume ? state.ResumeUrl! : null;
            IdentifySlot? slot = null;
            if (resumeUrl is null)
            {
                if (IdentifyGate is { } gate)
                {
                    slot = await gate.AcquireAsync(Shard, info.SessionStartLimit.MaxConcurrency, cancellationToken);
                }
                else
                {
                    await identifyLimiter.AcquireAsync(cancellationToken);
                }
            }

            var url = resumeUrl ?? gatewayUrl;
            SessionEnd end;
            try
            {
                end = await ConnectAndRunAsync(url, resume: resumeUrl is not null, settings, slot, cancellationToken);
            }
            finally
            {
                slot?.Ended();
            }

            if (end.Next == SessionNext.Stop)
            {
                if (end.Refusal is { } refusal)
                {
                    connection?.Refused(refusal);
                }

                return;
            }

            connection?.Disconnected("reconnecting to the gateway");

            failures = end.ReachedReady ? 0 : failures + 1;
            if (failures > 0)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures - 1)) * (0.5 + (Jitter() / 2)));
                logger.LogInformation("Discord gateway reconnect {Attempt} in {Backoff}", failures, backoff);
                await Task.Delay(backoff, time, cancellationToken);
            }
        }
    }

    private async Task<SessionEnd> ConnectAndRunAsync(Uri url, bool resume, DiscordOptions settings, IdentifySlot? slot, CancellationToken cancellationToken)
    {
        IGatewayConnection connection;
        try
        {
            connection = await transport.ConnectAsync(url, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not connect to the Discord gateway at {GatewayUrl}: {Problem}", url.GetLeftPart(UriPartial.Path), ex.Message);
            return new SessionEnd(SessionNext.Reconnect, ReachedReady: false);
        }

        await using (connection)
        {
            using var session = new GatewaySession(connection, state, settings, Shard, dispatches.Writer, time, logger)
            {
                Jitter = Jitter,
                Slot = slot,
            };
            return await session.RunAsync(resume, cancellationToken);
        }
    }

    /// <summary>GET /gateway/bot, retried with back-off while Discord cannot be reached; null when the token is refused.</summary>
    private async Task<GatewayBotInfo?> LocateGatewayAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await rest.GetGatewayBotAsync(cancellationToken);
            }
            catch (DiscordApiException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                logger.LogDebug("Discord refused the bot token ({Status}); the Discord bot stops", (int)ex.Status);
                connection?.Refused(DiscordRefusal.Token($"{(int)ex.Status} {ex.Status} on GET /gateway/bot"));
                return null;
            }
            catch (Exception ex) when (ex is HttpRequestException or DiscordApiException or JsonException)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, attempt - 1)));
                logger.LogWarning("Could not ask Discord for the gateway ({Problem}); trying again in {Backoff}", ex.Message, backoff);
                await Task.Delay(backoff, time, cancellationToken);
            }
        }
    }

    /// <summary>Adds the version and encoding to a gateway or resume URL, keeping its host and path.</summary>
    internal static Uri GatewayUrl(string url)
    {
        var builder = new UriBuilder(url) { Query = "v=10&encoding=json" };
        return builder.Uri;
    }
}

/// <summary>What survives a connection: the session to resume and the last sequence number.</summary>
internal sealed class GatewaySessionState
{
    private long sequence = -1;

    public string? SessionId { get; private set; }

    public Uri? ResumeUrl { get; private set; }

    public long? Sequence
    {
        get
        {
            var value = Interlocked.Read(ref sequence);
            return value < 0 ? null : value;
        }
    }

    public bool CanResume => SessionId is not null && ResumeUrl is not null && Sequence is not null;

    public void Saw(long value) => Interlocked.Exchange(ref sequence, value);

    /// <summary>Told when a session is ready or resumed, and so connected, for the health check.</summary>
    public PlatformConnection? Connection { get; init; }

    public void Ready(string sessionId, string resumeUrl)
    {
        Connection?.Connected();
        SessionId = sessionId;
        ResumeUrl = GatewayClient.GatewayUrl(resumeUrl);
    }

    public void Forget()
    {
        SessionId = null;
        ResumeUrl = null;
        Interlocked.Exchange(ref sequence, -1);
    }
}

internal enum SessionNext
{
    Reconnect,
    Stop,
}

/// <summary>How a session ended; <see cref="Refusal"/> is the line naming the setting when Discord refused the bot for good.</summary>
internal sealed record SessionEnd(SessionNext Next, bool ReachedReady, string? Refusal = null);
