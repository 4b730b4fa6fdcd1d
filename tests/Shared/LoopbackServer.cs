using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BulletinBot.TestServers;

/// <summary>A web server on loopback whose answer the test sets, recording the requests it got.</summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackServer()
    {
        Address = new Uri($"http://127.0.0.1:{ClosedPort()}/");
        _listener.Prefixes.Add(Address.AbsoluteUri);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    /// <summary>
    /// A loopback port that was free a moment ago and that nobody listens on: connections to it are refused (a dead
    /// source), until something such as this server starts listening on it.
    /// </summary>
    public static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The answer to every request: status, body, ETag and content type.</summary>
    public Func<HttpListenerRequest, (int Status, string Body, string? ETag, string ContentType)> Answer { get; set; } =
        _ => (404, "not here", null, "text/plain");

    public List<(string? IfNoneMatch, int Status, string? IfModifiedSince)> Requests { get; } = [];

    /// <summary>How many requests the server has answered.</summary>
    public int RequestCount
    {
        get
        {
            lock (Requests)
            {
                return Requests.Count;
            }
        }
    }

    /// <summary>Sent as Last-Modified with every page, when set.</summary>
    public DateTimeOffset? LastModified { get; set; }

    /// <summary>Serves <paramref name="body"/> with its version as ETag, and 304 to a request that already has that version.</summary>
    public void Serve(string body, string version, string contentType) => Answer = request =>
        request.Headers["If-None-Match"] == $"\"{version}\"" ? (304, string.Empty, $"\"{version}\"", contentType) : (200, body, $"\"{version}\"", contentType);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var (status, body, etag, contentType) = Answer(context.Request);
            lock (Requests)
            {
                Requests.Add((context.Request.Headers["If-None-Match"], status, context.Request.Headers["If-Modified-Since"]));
            }

            context.Response.StatusCode = status;
            if (etag is not null)
            {
                context.Response.Headers["ETag"] = etag;
            }

            if (status != 304)
            {
                if (LastModified is { } modified)
                {
                    context.Response.Headers["Last-Modified"] = modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                }

                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.ContentType = contentType;
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
            }

            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
