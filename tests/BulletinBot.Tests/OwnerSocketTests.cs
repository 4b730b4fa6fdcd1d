using System.Net.Sockets;
using BulletinBot.Core.Storage;
using BulletinBot.Owner;
using BulletinBot.Verbs;

namespace BulletinBot.Tests;

/// <summary>The store's local socket admits only its owner and is never stalled by clients that say nothing.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OwnerSocketTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    private string SocketPath => new StoreFiles(_host.StorePath).Socket;

    private Dictionary<string, string?> Environment() => new()
    {
        ["Storage__Path"] = _host.StorePath,
        ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
    };

    /// <summary>The terminal chat, which owns the store and serves its socket for as long as its input stays open.</summary>
    private async Task<HostProcess> StartChatAsync(IReadOnlyList<string> launcher)
    {
        var chat = HostProcess.Start(_host.Folder, Environment(), redirectInput: true, launcher);
        await chat.WaitForAsync("Type help", TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(SocketPath))
        {
            Assert.True(DateTime.UtcNow < deadline && !chat.HasExited, $"no socket appeared: {chat.Error}");
            await Task.Delay(50);
        }

        return chat;
    }

    [Fact]
    public async Task The_socket_is_0600_when_the_bot_starts_under_umask_000()
    {
        using var chat = await StartChatAsync(["sh", "-c", "umask 000 && exec \"$@\"", "sh"]);

        // The umask took effect (the store's folder is open to all), and still the socket is the owner's alone.
        Assert.Equal((UnixFileMode)0b111_111_111, File.GetUnixFileMode(Path.GetDirectoryName(_host.StorePath)!));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        await chat.QuitAsync();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Sixteen_idle_connections_do_not_stall_health_or_ask_and_are_closed_after_the_deadline()
    {
        using var chat = await StartChatAsync([]);
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 16; i++)
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                idle.Add(socket);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
            }

            foreach (var request in new[] { new OwnerRequest("health"), new OwnerRequest("ask", "latest 2") })
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                var response = await OwnerClient.TrySendAsync(new StoreFiles(_host.StorePath), request, deadline.Token);

                Assert.NotNull(response);
                Assert.Contains(request.Verb == "ask" ? "Cuba hands over" : "store: ok", response.Output, StringComparison.Ordinal);
            }

            // Each idle client is hung up on once it has had its time to send a request.
            foreach (var socket in idle)
            {
                using var wait = new CancellationTokenSource(OwnerServer.RequestDeadline + TimeSpan.FromSeconds(30));
                var read = await socket.ReceiveAsync(new byte[256], SocketFlags.None, wait.Token);
                Assert.Equal(0, read);
            }
        }
        finally
        {
            idle.ForEach(socket => socket.Dispose());
        }

        await chat.QuitAsync();
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task A_client_of_another_user_is_refused_with_one_line()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Peer credentials (SO_PEERCRED) are checked on Linux.");
        Skip.IfNot(System.Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"), "Running a client as another user needs root and setpriv.");

        using var chat = await StartChatAsync([]);

        // The mode would keep the other user out before the check is reached; opened up here, the check alone decides.
        File.SetUnixFileMode(_host.Folder, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.GetDirectoryName(_host.StorePath)!, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(SocketPath, (UnixFileMode)0b110_110_110);
        var home = Directory.CreateDirectory(Path.Combine(_host.Folder, "nobody")).FullName;
        File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
        var environment = Environment();
        environment["HOME"] = home;
        environment["DOTNET_CLI_HOME"] = home;

        using var nobody = HostProcess.Start(home, environment, redirectInput: false, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"], "health");
        var code = await nobody.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, code);
        var line = Assert.Single(nobody.Error.Trim().Split('\n'));
        Assert.Contains("serves only its own user (uid 0) and root, not uid 65534", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, nobody.Output);
        Assert.False(chat.HasExited);
        await chat.QuitAsync();
    }
}
