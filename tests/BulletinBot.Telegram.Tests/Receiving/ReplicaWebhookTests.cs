using System.Net;
using System.Text;
using BulletinBot.Core.Replicas;
using BulletinBot.Telegram.Receiving;
using BulletinBot.Telegram.Tests.Fakes;
using BulletinBot.Telegram.Tests.Support;

namespace BulletinBot.Telegram.Tests.Receiving;

/// <summary>Two replicas behind a balancer, each with its own webhook listener, on one shared store and shared leases.</summary>
public sealed class ReplicaWebhookTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "webhook-secret-0123456789";
    private readonly MemoryOffsetStore shared = new();
    private readonly ReplicaLeases leases = new();
    private readonly RecordingSink sinkA = new();
    private readonly RecordingSink sinkB = new();
    private readonly HttpClient http = new();
    private FakeBotApi fake = null!;
    private (WebhookListener Listener, string Endpoint) a;
    private (WebhookListener Listener, string Endpoint) b;

    public async Task InitializeAsync()
    {
        fake = await FakeBotApi.StartAsync();
        a = await StartAsync("a", sinkA);
        await Eventually.TrueAsync(() => leases.Holder(WorkLeaseNames.TelegramUpdates) == "a", "replica a holds the lease");
        b = await StartAsync("b", sinkB);
        // The listener is up before its replica asks for the lease.
        await Eventually.TrueAsync(() => leases.Refusals("b") >= 1, "replica b listens");
    }

    public async Task DisposeAsync()
    {
        await a.Listener.StopAsync(CancellationToken.None);
        await b.Listener.StopAsync(CancellationToken.None);
        await fake.DisposeAsync();
    }

    public void Dispose()
    {
        a.Listener.Dispose();
        b.Listener.Dispose();
        http.Dispose();
    }

    private async Task<(WebhookListener, string)> StartAsync(string replica, RecordingSink sink)
    {
        var endpoint = $"http://127.0.0.1:{LoopbackPort.Free()}/telegram/";
        var options = Clients.Options(fake);
        options.WebhookUrl = "https://bot.example.org/telegram";
        options.WebhookSecret = Secret;
        options.WebhookListenPrefix = endpoint;
        var listener = new WebhookListener(Clients.For(options, TimeProvider.System), sink, shared, options, TimeProvider.System,
            new ListLogger<WebhookListener>(), leases: leases.For(replica));
        await listener.StartAsync(CancellationToken.None);
        return (listener, endpoint);
    }

    private async Task<HttpStatusCode> PostAsync(string endpoint, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookListener.SecretHeader, Secret);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_same_update_posted_to_both_replicas_at_once_is_answered_once()
    {
        for (var id = 100; id < 120; id++)
        {
            var update = FakeUpdates.Private($"update {id}");
            update["update_id"] = id;
            var json = update.ToJsonString();
            var answers = await Task.WhenAll(PostAsync(a.Endpoint, json), PostAsync(b.Endpoint, json), PostAsync(b.Endpoint, json));
            Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        }

        await Eventually.TrueAsync(() => sinkA.Handled.Count + sinkB.Handled.Count >= 20 && shared.Unfinished().Count == 0, "every update answered");
        var answered = sinkA.Handled.Concat(sinkB.Handled).Select(u => u.Id).Order().ToList();
        Assert.Equal(Enumerable.Range(100, 20), answered);
    }

    [Fact]
    public async Task An_update_taken_by_a_replica_that_stalls_before_keeping_it_is_answered_by_the_replica_it_is_delivered_to_again()
    {
        var stalled = new TaskCompletionSource();
        sinkA.Door = stalled.Task;
        var update = FakeUpdates.Private("stalled");
        update["update_id"] = 300;
        var json = update.ToJsonString();

        // Replica a takes the update and stalls before answering 200, as a process killed there would.
        var first = PostAsync(a.Endpoint, json);
        await Eventually.TrueAsync(() => sinkA.AtDoor == 1, "replica a took the update");
        // Telegram delivers it again, here to replica b: it was not claimed yet, so b claims and answers it.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(b.Endpoint, json));
        await Eventually.TrueAsync(() => sinkB.Handled.Count == 1 && shared.Unfinished().Count == 0, "replica b answered the update");

        stalled.SetResult();
        Assert.Equal(HttpStatusCode.OK, await first);
        Assert.Empty(sinkA.Handled);
    }

    [Fact]
    public async Task An_update_a_replica_kept_and_died_before_answering_is_answered_by_a_live_one_without_a_restart()
    {
        var update = FakeUpdates.Private("left behind");
        update["update_id"] = 400;
        lock (shared.Kept)
        {
            // Acknowledged and kept by a third replica, which was killed before it answered.
            shared.Kept[400] = new PendingUpdate(400, "chat", update.ToJsonString());
            shared.Orphaned.Add(400);
        }

        await Eventually.TrueAsync(() => sinkA.Handled.Count + sinkB.Handled.Count == 1 && shared.Unfinished().Count == 0, "a live replica answered it");
        Assert.Equal(400, sinkA.Handled.Concat(sinkB.Handled).Single().Id);
    }

    [Fact]
    public async Task An_older_update_that_arrives_after_a_newer_one_is_still_answered()
    {
        var newer = FakeUpdates.Private("newer");
        newer["update_id"] = 205;
        var older = FakeUpdates.Private("older");
        older["update_id"] = 203;

        Assert.Equal(HttpStatusCode.OK, await PostAsync(a.Endpoint, newer.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(b.Endpoint, older.ToJsonString()));

        await Eventually.TrueAsync(() => sinkA.Handled.Count == 1 && sinkB.Handled.Count == 1, "both answered");
    }

    [Fact]
    public async Task Only_the_lease_holder_sets_the_webhook_and_the_replica_taking_over_sets_it_again()
    {
        await fake.WaitForAsync("setWebhook");
        var refused = leases.Refusals("b");
        await Eventually.TrueAsync(() => leases.Refusals("b") >= refused + 2, "replica b asked for the lease again and was refused");
        Assert.Single(fake.CallsTo("setWebhook"));

        leases.Kill("a");

        await Eventually.TrueAsync(() => leases.Holder(WorkLeaseNames.TelegramUpdates) == "b", "replica b takes the lease over");
        await Eventually.TrueAsync(() => fake.CallsTo("setWebhook").Count == 2, "replica b sets the webhook");
    }
}
