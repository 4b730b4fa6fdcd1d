using BulletinBot.Composition;
using BulletinBot.Core.Storage;
using BulletinBot.Owner;
using BulletinBot.Tests.Shared;
using BulletinBot.Verbs;

namespace BulletinBot.Tests;

/// <summary>
/// A running bot whose store turns out damaged under it: it answers the question that met the damage with the one
/// storage line, stops serving the store, and its health (asked over the store's socket, as Docker's check asks)
/// fails and says why.
/// </summary>
public sealed class RunningBotDamageTests(HostDamageCorpusFixture fixture) : IClassFixture<HostDamageCorpusFixture>, IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_running_bot_that_meets_damage_stops_serving_the_store_and_health_says_why()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_host.StorePath)!);
        DamageCorpus.Place(fixture.Corpus.Variant("truncated-5"), _host.StorePath);
        var configuration = BotHost.LoadConfiguration(_host.Settings());
        using var bot = BotHost.Build(configuration, HostMode.Chat, interactive: false, role: "chat");
        await bot.StartAsync();
        try
        {
            // The socket listens once its service has started; until then a verb would open the store itself.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await OwnerClient.TrySendAsync(new StoreFiles(_host.StorePath), new OwnerRequest("health"), CancellationToken.None) is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the bot's socket did not answer within 30 s");
                await Task.Delay(50);
            }

            // Both are answered by the running bot over its socket: this process holds the store.
            var (askCode, _, askError) = await _host.RunAsync("", "ask", "stats");
            var (healthCode, health, _) = await _host.RunAsync("", "health");
            var (againCode, _, againError) = await _host.RunAsync("", "ask", "latest");

            Assert.True(askCode == ExitCodes.StorageFailure, $"ask exit {askCode}: {askError}");
            var line = Assert.Single(askError.Trim().Split('\n'));
            Assert.StartsWith("Storage error: the store ", line, StringComparison.Ordinal);
            Assert.Contains("rebuild", line, StringComparison.Ordinal);

            Assert.Equal(ExitCodes.NotUnderstood, healthCode);
            Assert.Contains("store: damaged, not served", health, StringComparison.Ordinal);
            Assert.DoesNotContain("store: ok", health, StringComparison.Ordinal);

            Assert.Equal(ExitCodes.StorageFailure, againCode);
            Assert.Equal(line, againError.Trim());
        }
        finally
        {
            await bot.StopAsync();
        }
    }
}
