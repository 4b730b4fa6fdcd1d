using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BulletinBot.Telegram.Receiving;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// The test's load balancer in front of the webhook replicas. Each update (Telegram's Update JSON with the secret
/// header) goes to a replica picked at random from a printed seed; a refused or broken connection, a timeout or any
/// answer but 200 sends it to another, as Telegram delivers an update again until some replica acknowledged it.
/// </summary>
internal sealed class WebhookBalancer(Func<IReadOnlyList<string>> backends, string secret) : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly Lock gate = new();
    private Random random = new(0);
    private int nextUpdateId = 50_000;
    private int resent;

    /// <summary>How many times an update was sent again to another replica because the first did not acknowledge it.</summary>
    public int Resent => Volatile.Read(ref resent);

    /// <summary>Seeds the choice of replicas; the test prints the seed so a failure can be replayed.</summary>
    public void Seed(int seed)
    {
        lock (gate)
        {
            random = new Random(seed);
        }
    }

    /// <summary>
    /// Gives the update the next update_id and posts it until a replica answers 200 (to <paramref name="first"/> first
    /// when given); returns the id.
    /// </summary>
    public async Task<int> PostAsync(JsonObject update, string? first = null, int timeoutSeconds = 60)
    {
        ArgumentNullException.ThrowIfNull(update);
        var id = Interlocked.Increment(ref nextUpdateId);
        update["update_id"] = id;
        var json = update.ToJsonString();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        var endpoint = first ?? Pick(null);
        while (true)
        {
            var problem = await TryPostAsync(endpoint, json);
            if (problem is null)
            {
                return id;
            }

            Interlocked.Increment(ref resent);
            Assert.True(DateTime.UtcNow < deadline, $"No replica acknowledged update {id} within {timeoutSeconds} s (last: {endpoint}: {problem}).");
            await Task.Delay(20);
            endpoint = Pick(endpoint);
        }
    }

    /// <summary>The same update once more, as Telegram delivers it again, to <paramref name="endpoint"/>: it must answer 200.</summary>
    public async Task PostAgainAsync(JsonObject update, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(update);
        var problem = await TryPostAsync(endpoint, update.ToJsonString());
        Assert.True(problem is null, $"{endpoint} did not acknowledge update {update["update_id"]} delivered again: {problem}");
    }

    public void Dispose() => http.Dispose();

    private async Task<string?> TryPostAsync(string endpoint, string json)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add(WebhookListener.SecretHeader, secret);
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return exception.Message;
        }
    }

    /// <summary>A replica at random, another than <paramref name="not"/> when there is one.</summary>
    private string Pick(string? not)
    {
        var pool = backends();
        Assert.NotEmpty(pool);
        var others = pool.Count > 1 && not is not null ? [.. pool.Where(e => e != not)] : pool;
        lock (gate)
        {
            return others[random.Next(others.Count)];
        }
    }
}
