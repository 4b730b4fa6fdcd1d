using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>One request the fake REST server received.</summary>
public sealed record RecordedRequest(
    string Method, string Path, string? Template, string? Authorization, string? UserAgent, JsonElement Body, DateTimeOffset At)
{
    /// <summary>The files of a multipart/form-data request (files[n]); its payload_json is <see cref="Body"/>.</summary>
    public IReadOnlyList<UploadedFile> Files { get; init; } = [];

    /// <summary>Whether the request came as multipart/form-data.</summary>
    public bool Multipart { get; init; }
}

/// <summary>An answer a test scripts for the next request that matches.</summary>
public sealed record ScriptedAnswer(int Status, object? Body, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// Discord on loopback: the REST API under /api/v10 (every body checked against the OpenAPI description and the
/// documented limits, every request recorded) and the gateway as WebSocket endpoints /gateway and /resume.
/// </summary>
public sealed class FakeDiscord : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TimeProvider clock;
    private readonly Channel<FakeGatewaySocket> connections = Channel.CreateUnbounded<FakeGatewaySocket>();
    private readonly List<RecordedRequest> requests = [];
    private readonly List<string> violations = [];
    private readonly List<(Func<RecordedRequest, bool> Matches, ScriptedAnswer Answer)> script = [];
    private readonly List<FakeGatewaySocket> sockets = [];
    private long nextId = 200000000000000000;

    private FakeDiscord(WebApplication app, TimeProvider clock)
    {
        this.app = app;
        this.clock = clock;
        Channels = new FakeChannels(clock);
    }

    /// <summary>Channel message posts: the per-channel limit, nonces, and channels the bot lost.</summary>
    public FakeChannels Channels { get; }

    public string Root { get; private set; } = "";

    public Uri ApiBase => new(Root + "/api/v10");

    public string GatewayUrl => Root.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";

    public string ResumeUrl => Root.Replace("http://", "ws://", StringComparison.Ordinal) + "/resume";

    /// <summary>What GET /gateway/bot answers as the gateway URL; the fake's own /gateway unless a test changes it.</summary>
    public string? AnnouncedGatewayUrl { get; set; }

    public int MaxConcurrency { get; set; } = 1;

    /// <summary>What GET /gateway/bot answers as the recommended number of shards.</summary>
    public int ShardCount { get; set; } = 1;

    public ChannelReader<FakeGatewaySocket> Connections => connections.Reader;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (violations)
            {
                return [.. violations];
            }
        }
    }

    public static async Task<FakeDiscord> StartAsync(TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeDiscord(app, clock ?? TimeProvider.System);
        app.UseWebSockets();
        app.Map("/gateway", fake.AcceptGatewayAsync);
        app.Map("/resume", fake.AcceptGatewayAsync);
        app.Map("/api/v10/{**path}", fake.AnswerRestAsync);
        await app.StartAsync();
        fake.Root = app.Urls.First().TrimEnd('/');
        return fake;
    }

    /// <summary>The next request that <paramref name="matches"/> gets <paramref name="answer"/> instead of the default.</summary>
    public void Script(Func<RecordedRequest, bool> matches, ScriptedAnswer answer)
    {
        lock (script)
        {
            script.Add((matches, answer));
        }
    }

    public async Task<FakeGatewaySocket> NextConnectionAsync(TimeSpan? patience = null) =>
        await connections.Reader.ReadAsync().AsTask().WaitAsync(patience ?? TimeSpan.FromSeconds(15));

    /// <summary>Waits (bounded) until <paramref name="count"/> requests matching <paramref name="matches"/> were received.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(Func<RecordedRequest, bool> matches, int count = 1, Action? whileWaiting = null)
    {
        for (var turn = 0; turn < 300; turn++)
        {
            var found = Requests.Where(matches).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            whileWaiting?.Invoke();
            await Task.Delay(50);
        }

        throw new TimeoutException($"fewer than {count} matching requests arrived; got: {string.Join(", ", Requests.Select(r => r.Method + " " + r.Path))}");
    }

    private async Task AcceptGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var socket = new FakeGatewaySocket(await context.WebSockets.AcceptWebSocketAsync(), context.Request.Path, context.Request.QueryString.Value ?? "");
        lock (sockets)
        {
            sockets.Add(socket);
        }

        await connections.Writer.WriteAsync(socket);
        await socket.Finished;
    }

    private async Task AnswerRestAsync(HttpContext context)
    {
        var path = ((string?)context.Request.RouteValues["path"]) ?? "";
        var upload = await MultipartUpload.ReadAsync(context.Request);
        var body = upload?.Payload ?? await ReadBodyAsync(context.Request);
        var description = OpenApiDescription.Instance;
        var template = description.Template(context.Request.Method, "/" + path);
        var request = new RecordedRequest(context.Request.Method, path, template,
            context.Request.Headers.Authorization, context.Request.Headers.UserAgent, body, clock.GetUtcNow())
        {
            Files = upload?.Files ?? [],
            Multipart = upload is not null,
        };
        lock (requests)
        {
            requests.Add(request);
        }

        var problems = template is null
            ? [$"{request.Method} /{path}: Discord has no such route"]
            : description.CheckBody(request.Method, template, body).Concat(DocumentedLimits.Check(template, body))
                .Concat(upload is null ? [] : upload.Check(description, request.Method, template)).ToList();
        if (problems.Count > 0)
        {
            lock (violations)
            {
                violations.AddRange(problems.Select(p => $"{request.Method} {template ?? path}: {p}"));
            }

            await WriteAsync(context, new ScriptedAnswer(template is null ? 404 : 400, new { code = 50035, message = "Invalid Form Body", errors = problems }));
            return;
        }

        await WriteAsync(context, Scripted(request) ?? Channels.Answer(request, template!) ?? DefaultAnswer(request, template!));
    }

    private ScriptedAnswer? Scripted(RecordedRequest request)
    {
        lock (script)
        {
            var index = script.FindIndex(entry => entry.Matches(request));
            if (index < 0)
            {
                return null;
            }

            var answer = script[index].Answer;
            script.RemoveAt(index);
            return answer;
        }
    }

    private ScriptedAnswer DefaultAnswer(RecordedRequest request, string template) => template switch
    {
        "/gateway/bot" => new(200, new
        {
            url = AnnouncedGatewayUrl ?? GatewayUrl,
            shards = ShardCount,
            session_start_limit = new { total = 1000, remaining = 999, reset_after = 14400000, max_concurrency = MaxConcurrency },
        }),
        "/interactions/{interaction_id}/{interaction_token}/callback" => new(204, null),
        "/applications/{application_id}/commands" or "/applications/{application_id}/guilds/{guild_id}/commands" => new(200, request.Body),
        _ => new(200, new { id = Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture), type = 0 }),
    };

    private static async Task<JsonElement> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        if (text.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static async Task WriteAsync(HttpContext context, ScriptedAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Body is not null)
        {
            await context.Response.WriteAsJsonAsync(answer.Body, answer.Body.GetType());
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (sockets)
        {
            foreach (var socket in sockets)
            {
                socket.Release();
            }
        }

        await app.StopAsync();
        await app.DisposeAsync();
    }
}
