using System.Collections.Concurrent;
using System.Threading.Channels;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Replicas;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Discord.Gateway;

/// <summary>
/// The gateway shards this replica runs: one <see cref="GatewayClient"/> session per shard lease it holds
/// (<see cref="WorkLeaseNames.DiscordShard"/>), of the Discord:ShardCount shards (or only the pinned Discord:ShardId).
/// A replica takes one free shard at a time and, before each, waits Discord:ShardStagger for every shard it already
/// runs: replicas started together split the shards evenly, and a lone replica (or one whose peer died) still takes
/// every free shard. Identifies keep Discord's <c>max_concurrency</c> buckets through <see cref="IdentifyGate"/>; a
/// shard taken over from another replica waits one identify spacing first, as its holder may have died just after an
/// Identify in the same bucket.
/// A shard whose lease is lost is closed at once; another replica identifies it again. All shards' events come out of
/// <see cref="Dispatches"/>. Replicas started one by one would leave the first with every shard, so they even out
/// (<see cref="ShardBalance"/>): a replica running two or more shards than another closes its highest for that one to
/// take (one shard at a time among all replicas, every four staggers at most), until no replica runs two more than
/// another; then no shard moves again.
/// </summary>
public sealed class ShardGateways(
    IGatewayTransport transport,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    IdentifyGate identify,
    TimeProvider time,
    ILoggerFactory loggers,
    [FromKeyedServices(Platforms.Discord)] PlatformConnection? connection = null,
    IWorkLeases? leases = null)
{
    private readonly Channel<GatewayDispatch> dispatches = Channel.CreateBounded<GatewayDispatch>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<int, Task> running = new();
    private readonly HashSet<int> seenHeldElsewhere = [];
    private readonly ConcurrentDictionary<int, CancellationTokenSource> handOver = new();
    private bool standingBy;
    private ShardBalance? balance;
    private readonly ILogger logger = loggers.CreateLogger<ShardGateways>();

    public ChannelReader<GatewayDispatch> Dispatches => dispatches.Reader;

    /// <summary>The shards this replica runs now.</summary>
    public IReadOnlyList<int> Running => [.. running.Keys.Order()];

    /// <summary>How many times this replica, running two shards or more, found the shards even; for tests.</summary>
    internal int BalancedChecks => balance?.BalancedChecks ?? 0;

    /// <summary>The random factor of each client's first heartbeat and back-off; fixed in tests.</summary>
    internal Func<double>? Jitter { get; init; }

    /// <summary>Runs until cancelled, or until Discord refuses the bot for good.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var shards = settings.Shards;
        var shared = leases ?? new SingleProcessLeases();
        // The embedded store's process holds every lease: there is nobody to leave shards to.
        var stagger = shared is SingleProcessLeases ? TimeSpan.Zero : settings.ShardStagger;
        // A replica pinned to one shard (Discord:ShardId) neither gives nor asks for others.
        balance = stagger > TimeSpan.Zero && settings.ShardId is null ? new ShardBalance(shared, shards.Count, stagger, time) : null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var held = running.Count;
                var wait = held == shards.Count ? shared.RetryEvery : stagger * held;
                if (wait > TimeSpan.Zero && !await DelayAsync(wait, stop.Token))
                {
                    break;
                }

                if (running.Count < shards.Count && !await TakeOneAsync(shards, shared, stop) && !await DelayAsync(shared.RetryEvery, stop.Token))
                {
                    break;
                }

                if (balance is not null)
                {
                    await BalanceAsync(balance, stop.Token);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running.Values);
            if (balance is not null)
            {
                await balance.DisposeAsync();
            }

            dispatches.Writer.TryComplete();
        }
    }

    /// <summary>Closes the highest shard for a replica that runs two fewer or less to take, when the balance says so.</summary>
    private async Task BalanceAsync(ShardBalance shardBalance, CancellationToken stoppingToken)
    {
        try
        {
            if (!await shardBalance.ShouldGiveAsync(running.Count, stoppingToken) || running.IsEmpty)
            {
                return;
            }

            // Taken out of the map, the release is this call's to cancel and dispose: the shard's own end no longer
            // disposes it under this call's feet.
            var shard = running.Keys.Max();
            if (handOver.TryRemove(shard, out var release))
            {
                logger.LogInformation("Discord shard {ShardId}: closed for a replica that runs fewer to take", shard);
                await release.CancelAsync();
                release.Dispose();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception)
        {
            logger.LogWarning("Discord: the shards could not be balanced with the other replicas ({Reason}); trying again", exception.Message);
        }
    }

    /// <summary>Takes the first free shard this replica does not run; false when every other one is held.</summary>
    private async Task<bool> TakeOneAsync(IReadOnlyList<int> shards, IWorkLeases shared, CancellationTokenSource stop)
    {
        try
        {
            if (balance is not null && !await balance.MayTakeAsync(running.Count, stop.Token))
            {
                // A shard is being given to another replica.
                return false;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception exception)
        {
            logger.LogWarning("Discord: the store cannot be reached ({Reason}); trying again", exception.Message);
            return false;
        }

        foreach (var shard in shards.Where(s => !running.ContainsKey(s)))
        {
            ILeaseHold? hold;
            try
            {
                hold = await shared.TryTakeAsync(WorkLeaseNames.DiscordShard(shard), stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Discord shard {ShardId}: the store cannot be reached ({Reason}); trying again", shard, exception.Message);
                return false;
            }

            if (hold is null)
            {
                seenHeldElsewhere.Add(shard);
                continue;
            }

            // Taken over from a replica that stopped or died: it may have identified in this shard's bucket just
            // before, and a dead holder's bucket lease is gone with it, so the first Identify waits one spacing.
            var takeover = seenHeldElsewhere.Remove(shard);
            logger.LogInformation("Discord shard {ShardId} of {ShardCount} taken{Takeover}: this replica runs it",
                shard, options.Value.ShardCount, takeover ? " over" : "");
            running[shard] = Task.Run(() => RunShardAsync(shard, hold, takeover, stop), CancellationToken.None);
            standingBy = false;
            return true;
        }

        if (running.IsEmpty && !standingBy)
        {
            // Not a fault: the other replicas run every shard, and this one takes over the shards of one that dies.
            standingBy = true;
            logger.LogInformation("Discord: every shard is run by another replica; this replica stands by to take one over");
        }

        return false;
    }

    private async Task RunShardAsync(int shard, ILeaseHold hold, bool takeover, CancellationTokenSource stop)
    {
        // Closes the shard for another replica. Whoever takes it out of handOver (BalanceAsync, or this shard's end)
        // disposes it, so it is never cancelled once disposed.
        var release = new CancellationTokenSource();
        var published = false;
        try
        {
            await using (hold)
            {
                using var guarded = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, hold.Lost, release.Token);
                handOver[shard] = release;
                published = true;
                var client = new GatewayClient(transport, rest, options, time, loggers.CreateLogger<GatewayClient>(), connection)
                {
                    Shard = shard,
                    IdentifyGate = identify,
                };
                if (Jitter is { } jitter)
                {
                    client.Jitter = jitter;
                }

                if (takeover && !await DelayAsync(IdentifyGate.Spacing, guarded.Token))
                {
                    return;
                }

                var pump = PumpAsync(client, stop.Token);
                await client.RunAsync(guarded.Token);
                await pump;
                if (!guarded.IsCancellationRequested)
                {
                    // The client ends on its own only when Discord refused the bot for good: every shard would be refused.
                    logger.LogWarning("Discord shard {ShardId} was refused for good; the Discord bot stops", shard);
                    await stop.CancelAsync();
                }
                else if (hold.Lost.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    logger.LogWarning("Discord shard {ShardId}: lease lost; its session is closed and another replica identifies it", shard);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError("Discord shard {ShardId} failed: {Problem}", shard, exception.Message);
        }
        finally
        {
            if (!published || handOver.TryRemove(new KeyValuePair<int, CancellationTokenSource>(shard, release)))
            {
                release.Dispose();
            }

            running.TryRemove(shard, out _);
        }
    }

    private async Task PumpAsync(GatewayClient client, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var dispatch in client.Dispatches.ReadAllAsync(stoppingToken))
            {
                await dispatches.Writer.WriteAsync(dispatch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
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
