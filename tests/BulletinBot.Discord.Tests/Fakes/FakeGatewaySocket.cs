using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>The server end of one gateway connection, driven by a test frame by frame.</summary>
public sealed class FakeGatewaySocket(WebSocket socket, string path, string query)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>"/gateway" for a fresh connection, "/resume" for the resume URL the fake hands out in READY.</summary>
    public string Path { get; } = path;

    public string Query { get; } = query;

    internal Task Finished => finished.Task;

    public Task SendAsync(object payload) => SendRawAsync(JsonSerializer.Serialize(payload));

    public async Task SendRawAsync(string json) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Patience);

    public Task HelloAsync(int heartbeatIntervalMs = 41250) => SendAsync(new { op = 10, d = new { heartbeat_interval = heartbeatIntervalMs } });

    public Task DispatchAsync(string name, long sequence, object data) => SendAsync(new { op = 0, s = sequence, t = name, d = data });

    public Task ReadyAsync(long sequence, string sessionId, string resumeUrl) => DispatchAsync("READY", sequence, new
    {
        v = 10,
        session_id = sessionId,
        resume_gateway_url = resumeUrl,
        application = new { id = "100000000000000001", flags = 0 },
        user = new { id = "100000000000000001", username = "bulletinbot", bot = true },
        guilds = Array.Empty<object>(),
    });

    /// <summary>The next frame the client sends, which must have opcode <paramref name="op"/>.</summary>
    public async Task<JsonElement> ExpectAsync(int op)
    {
        var frame = await ReceiveAsync();
        Assert.True(frame.HasValue, $"expected op {op}, but the client closed the connection ({socket.CloseStatus})");
        Assert.True(frame.Value.GetProperty("op").GetInt32() == op, $"expected op {op}, got {frame.Value}");
        return frame.Value;
    }

    /// <summary>The next frame the client sends, whatever its opcode; null once the client closed.</summary>
    public Task<JsonElement?> NextFrameAsync() => ReceiveAsync();

    /// <summary>Waits for the client to close; the close code it sent, or null when the socket just dropped.</summary>
    public async Task<int?> ExpectCloseAsync()
    {
        for (var frames = 0; frames < 1000; frames++)
        {
            try
            {
                if (await ReceiveAsync() is null)
                {
                    return (int?)socket.CloseStatus;
                }
            }
            catch (WebSocketException)
            {
                finished.TrySetResult();
                return null;
            }
        }

        throw new InvalidOperationException("The client kept sending and never closed.");
    }

    public async Task CloseAsync(int code, string reason)
    {
        await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None).WaitAsync(Patience);
        finished.TrySetResult();
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Drop()
    {
        socket.Abort();
        finished.TrySetResult();
    }

    private async Task<JsonElement?> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var count = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).AsTask().WaitAsync(Patience);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                finished.TrySetResult();
                return null;
            }

            count += result.Count;
            Assert.True(count <= 4096, $"the client sent a frame of more than 4096 bytes");
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(buffer.AsMemory(0, count));
                return document.RootElement.Clone();
            }
        }
    }

    internal void Release() => finished.TrySetResult();
}
