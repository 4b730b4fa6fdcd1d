using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>One Bot API call the bot made, with its JSON parameters.</summary>
public sealed record ApiCall(int Sequence, string Method, JsonObject Body, int MessageId = 0)
{
    /// <summary>The files a multipart/form-data call uploaded (sendPhoto), by field name.</summary>
    public IReadOnlyList<UploadedFile> Files { get; init; } = [];

    /// <summary>Whether the call came as multipart/form-data, as a file upload must.</summary>
    public bool Multipart { get; init; }

    public string? Text => (string?)Body["text"];

    public string? ChatId => Body["chat_id"]?.ToString();

    public override string ToString() => $"{Method} {Body.ToJsonString()}";
}

/// <summary>A message Telegram accepted: sendMessage answered 200.</summary>
public sealed record SentMessage(int Sequence, string ChatId, string Text, int MessageId);

/// <summary>
/// A Bot API server on loopback that speaks Telegram's JSON, enforces its documented limits (4096-character
/// texts, valid HTML, 64-byte callback_data, 50 inline results), records every call, queues updates for
/// getUpdates and can answer 429, 5xx or nothing at all (down).
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456789:TEST-fake-token-0123";
    public const string BotUsername = "BulletinTestBot";
    public const long BotId = 123456789;

    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<ApiCall> calls = [];
    private readonly List<(int Id, string Json)> updates = [];
    private readonly Queue<(string Method, int Status, int? RetryAfter)> faults = new();
    private readonly List<SentMessage> sent = [];
    private readonly List<(Func<ApiCall, bool> Match, int Status, int? RetryAfter)> matchedFaults = [];
    private readonly List<Func<ApiCall, bool>> holds = [];
    private readonly SendLimits limits = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int nextUpdateId = 1000;
    private int nextMessageId = 1;

    private FakeBotApi(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>While true every call is dropped without an answer, as when the server is down.</summary>
    public bool Down { get; set; }

    /// <summary>When true setMyCommands answers 400.</summary>
    public bool RefuseCommands { get; set; }

    public HashSet<string> MissingChats { get; } = [];

    /// <summary>User ids that getChatMember reports as administrators of any group.</summary>
    public HashSet<string> GroupAdmins { get; } = [];

    public HashSet<string> BlockingChats { get; } = [];

    /// <summary>Groups and channels the bot was removed from: sendMessage answers 403 "Forbidden: bot was kicked".</summary>
    public HashSet<string> KickedChats { get; } = [];

    /// <summary>
    /// When true sendMessage keeps Telegram's documented limits (<see cref="SendLimits"/>) and answers 429 with
    /// retry_after past them. Off for the chat tests: Telegram lets a reply burst briefly; announcements must keep the pace.
    /// </summary>
    public bool EnforceSendLimits { get; set; }

    /// <summary>How many sends the limits refused with 429 (scripted faults not counted).</summary>
    public int LimitRefusals { get; private set; }

    /// <summary>The messages accepted, in order.</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (gate)
            {
                return [.. sent];
            }
        }
    }

    public static async Task<FakeBotApi> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.Map("/bot{token}/{method}", fake.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = address;
        return fake;
    }

    public int Port => new Uri(BaseUrl).Port;

    public IReadOnlyList<ApiCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    public IReadOnlyList<ApiCall> CallsTo(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Queues an update (without update_id; one is given) and returns its id.</summary>
    public int Enqueue(JsonObject update)
    {
        lock (gate)
        {
            var id = nextUpdateId++;
            update["update_id"] = id;
            updates.Add((id, update.ToJsonString()));
            Signal();
            return id;
        }
    }

    /// <summary>Queues raw JSON as the next update, for malformed ones; the id is still counted.</summary>
    public int EnqueueRaw(Func<int, string> json)
    {
        lock (gate)
        {
            var id = nextUpdateId++;
            updates.Add((id, json(id)));
            Signal();
            return id;
        }
    }

    /// <summary>The next call to <paramref name="method"/> ("*" for any) fails with this status.</summary>
    public void Fail(string method, int status, int? retryAfter = null)
    {
        lock (gate)
        {
            faults.Enqueue((method, status, retryAfter));
        }
    }

    /// <summary>The next call that <paramref name="match"/> accepts fails with this status.</summary>
    public void FailWhen(Func<ApiCall, bool> match, int status, int? retryAfter = null)
    {
        lock (gate)
        {
            matchedFaults.Add((match, status, retryAfter));
        }
    }

    /// <summary>
    /// The next call that <paramref name="match"/> accepts is recorded and never answered, as by a server that hangs;
    /// it ends when its caller goes (a killed process closes its socket).
    /// </summary>
    public void HoldWhen(Func<ApiCall, bool> match)
    {
        lock (gate)
        {
            holds.Add(match);
        }
    }

    /// <summary>The next <paramref name="count"/> sendMessage calls answer 429 with <paramref name="retryAfter"/>, as a flood wait does.</summary>
    public void Storm(int count, int retryAfter)
    {
        for (var i = 0; i < count; i++)
        {
            Fail("sendMessage", 429, retryAfter);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="done"/> holds for the accepted messages.</summary>
    public async Task WaitForSentAsync(Func<IReadOnlyList<SentMessage>, bool> done, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            Task next;
            lock (gate)
            {
                if (done(sent))
                {
                    return;
                }

                next = changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The sent messages never matched in {timeoutSeconds} s; the last were:\n{string.Join("\n", Sent.TakeLast(10))}");
            }

            await Task.WhenAny(next, Task.Delay(left));
        }
    }

    /// <summary>Waits (bounded) until a recorded call matches, and returns it.</summary>
    public async Task<ApiCall> WaitForAsync(Func<ApiCall, bool> match, int afterSequence = 0, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            Task next;
            lock (gate)
            {
                var found = calls.FirstOrDefault(c => c.Sequence > afterSequence && match(c));
                if (found is not null)
                {
                    return found;
                }

                next = changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching call in {timeoutSeconds} s; calls were:\n{string.Join("\n", Calls.TakeLast(15))}");
            }

            await Task.WhenAny(next, Task.Delay(left));
        }
    }

    public Task<ApiCall> WaitForAsync(string method, int afterSequence = 0, int timeoutSeconds = 20) =>
        WaitForAsync(c => c.Method == method, afterSequence, timeoutSeconds);

    public int LastSequence
    {
        get
        {
            lock (gate)
            {
                return calls.Count == 0 ? 0 : calls[^1].Sequence;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void Signal()
    {
        var old = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private async Task AnswerAsync(HttpContext context, string token, string method)
    {
        if (Down)
        {
            context.Abort();
            return;
        }

        var (body, files, multipart) = await ReadRequestAsync(context.Request);
        (string Method, int Status, int? RetryAfter)? fault = null;
        ApiCall call;
        RawAnswer? raw = null;
        var held = false;
        lock (gate)
        {
            raw = TakeRawAnswer(method);

            // A message id is given when the call is recorded, so a test knows it as soon as it sees the call.
            call = new ApiCall(calls.Count + 1, method, body, method is "sendMessage" or "sendPhoto" ? nextMessageId++ : 0) { Files = files, Multipart = multipart };
            calls.Add(call);
            if (faults.Count > 0 && (faults.Peek().Method == method || faults.Peek().Method == "*"))
            {
                fault = faults.Dequeue();
            }
            else if (matchedFaults.FindIndex(f => f.Match(call)) is var index and >= 0)
            {
                fault = (method, matchedFaults[index].Status, matchedFaults[index].RetryAfter);
                matchedFaults.RemoveAt(index);
            }
            else if (holds.FindIndex(h => h(call)) is var hold and >= 0)
            {
                holds.RemoveAt(hold);
                held = true;
            }

            Signal();
        }

        if (held)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (raw is not null)
        {
            await raw.WriteAsync(context);
        }
        else if (token != Token)
        {
            await ErrorAsync(context, 401, "Unauthorized");
        }
        else if (fault is { } f)
        {
            await ErrorAsync(context, f.Status, f.Status == 429 ? $"Too Many Requests: retry after {f.RetryAfter}" : "Internal Server Error", f.RetryAfter);
        }
        else
        {
            var (status, result, error) = method switch
            {
                "getUpdates" => await ConsumeUpdatesAsync(body, context.RequestAborted),
                _ => FakeBotMethods.Answer(this, call, body),
            };
            if (method is "sendMessage" or "sendPhoto" && status == 200 && Accept(call) is { } limited)
            {
                await ErrorAsync(context, 429, $"Too Many Requests: retry after {limited.RetryAfter} ({limited.Limit})", limited.RetryAfter);
                return;
            }

            await (status == 200 ? OkAsync(context, result!) : ErrorAsync(context, status, error!));
        }
    }

    /// <summary>Counts an accepted send against the limits; the limit it breaks, or null when it goes through.</summary>
    private (string Limit, int RetryAfter)? Accept(ApiCall call)
    {
        lock (gate)
        {
            var chat = call.ChatId ?? "";
            if (EnforceSendLimits && limits.TryTake(chat, DateTime.UtcNow) is { } refused)
            {
                LimitRefusals++;
                return refused;
            }

            sent.Add(new SentMessage(call.Sequence, chat, call.Text ?? (string?)call.Body["caption"] ?? "", call.MessageId));
            Signal();
            return null;
        }
    }

    private async Task<JsonNode> UpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = (int?)body["offset"] ?? 0;
        var timeout = Math.Min((int?)body["timeout"] ?? 0, 5);
        var deadline = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            Task next;
            lock (gate)
            {
                // Like Telegram when a confirmation was lost: everything from the asked offset on.
                var due = updates.Where(u => u.Id >= offset).Take(100).ToList();
                if (due.Count > 0 || DateTime.UtcNow >= deadline)
                {
                    return new JsonArray([.. due.Select(u => JsonNode.Parse(u.Json))]);
                }

                next = changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            try
            {
                await Task.WhenAny(next, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, aborted));
                aborted.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException)
            {
                return new JsonArray();
            }
        }
    }

    private static async Task<(JsonObject Body, IReadOnlyList<UploadedFile> Files, bool Multipart)> ReadRequestAsync(HttpRequest request)
    {
        if (request.HasFormContentType && request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            var (fields, files) = await ReadMultipartAsync(request);
            return (fields, files, true);
        }

        return (await ReadBodyAsync(request), [], false);
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static Task OkAsync(HttpContext context, JsonNode result) =>
        WriteAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static Task ErrorAsync(HttpContext context, int status, string description, int? retryAfter = null)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            error["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return WriteAsync(context, status, error);
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json.ToJsonString(JsonSerializerOptions.Default));
    }
}
