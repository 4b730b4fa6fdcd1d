using System.Net;
using System.Net.Sockets;

namespace BulletinBot.Telegram.Tests.Support;

/// <summary>A loopback port free right now, for a listener the test or a child process opens next.</summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
