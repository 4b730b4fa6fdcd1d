using System.Text.Json;
using BulletinBot.Discord.Gateway;

namespace BulletinBot.Discord.Tests.Gateway;

/// <summary>
/// A real transport whose first Identify is held <paramref name="stall"/> before it goes out, as a process slow between
/// deciding to identify and the frame leaving (a cold start, a loaded machine) holds it; every other frame passes at once.
/// </summary>
internal sealed class StallingTransport(IGatewayTransport inner, TimeSpan stall) : IGatewayTransport
{
    private int stalled;

    public async Task<IGatewayConnection> ConnectAsync(Uri url, CancellationToken cancellationToken) =>
        new Connection(await inner.ConnectAsync(url, cancellationToken), this);

    /// <summary>The stall this frame waits: the first Identify's, or none.</summary>
    private TimeSpan StallOf(ReadOnlyMemory<byte> utf8Json)
    {
        using var frame = JsonDocument.Parse(utf8Json);
        return frame.RootElement.GetProperty("op").GetInt32() == GatewayOpcode.Identify && Interlocked.Exchange(ref stalled, 1) == 0
            ? stall
            : TimeSpan.Zero;
    }

    private sealed class Connection(IGatewayConnection inner, StallingTransport transport) : IGatewayConnection
    {
        public async Task SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
        {
            if (transport.StallOf(utf8Json) is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, cancellationToken);
            }

            await inner.SendAsync(utf8Json, cancellationToken);
        }

        public Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

        public Task CloseAsync(int closeCode, CancellationToken cancellationToken) => inner.CloseAsync(closeCode, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
