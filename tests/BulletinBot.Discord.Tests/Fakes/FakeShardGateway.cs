using System.Net.WebSockets;
using System.Text.Json;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>
/// The gateway of a <see cref="FakeDiscord"/> answering on its own for a sharded bot, as Discord does: Hello, heartbeat
/// acks, and READY for an Identify with <c>shard: [i, n]</c>. It keeps Discord's rules and records each break of them as
/// a violation, answering it with an invalid session: one Identify per bucket (<c>shard_id % max_concurrency</c>) per
/// 5 seconds, and one session per shard at a time. A guild's events go to the session of shard
/// <c>(guild_id &gt;&gt; 22) % n</c>.
/// </summary>
public sealed class FakeShardGateway : IDisposable
{
    /// <summary>Below Discord's 5 s only by what a loopback connection's timing may shift one Identify against another.</summary>
    public static readonly TimeSpan IdentifySpacing = TimeSpan.FromSeconds(4.8);

    private readonly FakeDiscord fake;
    private readonly int shardCount;
    private readonly Lock gate = new();
    private readonly Dictionary<int, Session> live = [];
    private readonly Dictionary<int, DateTime> lastIdentify = [];
    private readonly List<(int Shard, DateTime At)> identified = [];
    private readonly List<string> violations = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;
    private long sequence;

    public FakeShardGateway(FakeDiscord fake, int shardCount)
    {
        this.fake = fake;
        this.shardCount = shardCount;
        serving = Task.Run(AcceptAsync);
    }

    /// <summary>Shards with a session now.</summary>
    public IReadOnlyList<int> Live
    {
        get
        {
            lock (gate)
            {
                return [.. live.Keys.Order()];
            }
        }
    }

    /// <summary>Every Identify answered with READY, by shard, in order.</summary>
    public IReadOnlyList<int> Identified
    {
        get
        {
            lock (gate)
            {
                return [.. identified.Select(i => i.Shard)];
            }
        }
    }

    /// <summary>Every Identify answered with READY: its shard and when (UTC), in order.</summary>
    public IReadOnlyList<(int Shard, DateTime At)> Identifies
    {
        get
        {
            lock (gate)
            {
                return [.. identified];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (gate)
            {
                return [.. violations];
            }
        }
    }

    public static int ShardOf(long guildId, int shardCount) => (int)((guildId >> 22) % shardCount);

    /// <summary>Sends a guild's event to the session of its shard; the shard, or null when none runs it.</summary>
    public async Task<int?> DispatchToGuildAsync(long guildId, string name, object data)
    {
        var shard = ShardOf(guildId, shardCount);
        Session? session;
        lock (gate)
        {
            live.TryGetValue(shard, out session);
        }

        if (session is null)
        {
            return null;
        }

        try
        {
            await session.SendAsync(new { op = 0, s = Interlocked.Increment(ref sequence), t = name, d = data });
            return shard;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        serving.GetAwaiter().GetResult();
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await fake.Connections.ReadAsync(stop.Token);
                sessions.Add(Task.Run(() => ServeAsync(new Session(socket))));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the fake itself closes the sockets.
        }
    }

    private async Task ServeAsync(Session session)
    {
        int? shard = null;
        try
        {
            await session.SendAsync(new { op = 10, d = new { heartbeat_interval = 1000 } });
            while (await session.Socket.NextFrameAsync() is { } frame)
            {
                switch (frame.GetProperty("op").GetInt32())
                {
                    case 1:
                        await session.SendAsync(new { op = 11 });
                        break;
                    case 2:
                        shard = await IdentifyAsync(session, frame.GetProperty("d"));
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or TimeoutException or ObjectDisposedException or OperationCanceledException)
        {
            // The client dropped the connection.
        }
        finally
        {
            lock (gate)
            {
                if (shard is { } held && live.TryGetValue(held, out var current) && ReferenceEquals(current, session))
                {
                    live.Remove(held);
                }
            }

            session.Socket.Release();
            session.Dispose();
        }
    }

    private async Task<int?> IdentifyAsync(Session session, JsonElement identify)
    {
        var shardPair = identify.GetProperty("shard");
        var shard = shardPair[0].GetInt32();
        var count = shardPair[1].GetInt32();
        var bucket = shard % Math.Max(1, fake.MaxConcurrency);
        string? broken = null;
        lock (gate)
        {
            var now = DateTime.UtcNow;
            if (count != shardCount)
            {
                broken = $"shard {shard} identified with shard count {count}, not {shardCount}";
            }
            else if (live.ContainsKey(shard))
            {
                broken = $"shard {shard} identified while another session runs it";
            }
            else if (lastIdentify.TryGetValue(bucket, out var last) && now - last < IdentifySpacing)
            {
                broken = $"shard {shard} identified {(now - last).TotalSeconds:0.00} s after the last identify of bucket {bucket}";
            }
            else
            {
                live[shard] = session;
                lastIdentify[bucket] = now;
                identified.Add((shard, now));
            }

            if (broken is not null)
            {
                violations.Add(broken);
            }
        }

        if (broken is not null)
        {
            await session.SendAsync(new { op = 9, d = false });
            return null;
        }

        await session.SendAsync(new
        {
            op = 0,
            s = Interlocked.Increment(ref sequence),
            t = "READY",
            d = new
            {
                v = 10,
                session_id = $"session-{shard}-{Guid.NewGuid():N}",
                resume_gateway_url = fake.ResumeUrl,
                application = new { id = "100000000000000001", flags = 0 },
                user = new { id = "100000000000000001", username = "bulletinbot", bot = true },
                guilds = Array.Empty<object>(),
                shard = new[] { shard, count },
            },
        });
        return shard;
    }

    /// <summary>One connection; sends go out one at a time, as a WebSocket requires.</summary>
    private sealed class Session(FakeGatewaySocket socket) : IDisposable
    {
        private readonly SemaphoreSlim sending = new(1, 1);

        public FakeGatewaySocket Socket => socket;

        public async Task SendAsync(object payload)
        {
            await sending.WaitAsync();
            try
            {
                await socket.SendAsync(payload);
            }
            finally
            {
                sending.Release();
            }
        }

        public void Dispose() => sending.Dispose();
    }
}
