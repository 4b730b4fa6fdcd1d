using System.Globalization;
using Xunit.Abstractions;

namespace BulletinBot.Tests;

/// <summary>
/// Fresh starts of the service, each on a new store path, with an ask and an ingest started at the same moment. One
/// start in about 45 once stopped with LiteDB's "page type must be collection page": a collection created by one
/// thread's first write while another read it (see FreshStoreRaceTests in Core for the race alone).
/// BULLETINBOT_FRESH_START_ROUNDS sets the rounds (10 by default; 300 for a long run by hand).
/// </summary>
public sealed class FreshStartTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Failures = ["page type must be", "Unhandled exception", "Something went wrong", "LiteException"];

    private readonly string _folder = Directory.CreateTempSubdirectory("bulletinbot-freshstart-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static int Rounds =>
        int.TryParse(Environment.GetEnvironmentVariable("BULLETINBOT_FRESH_START_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds > 0
            ? rounds
            : 10;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Fresh_starts_with_ask_and_ingest_racing_beside_them_never_break_the_store()
    {
        var started = DateTime.UtcNow;
        for (var round = 0; round < Rounds; round++)
        {
            var environment = new Dictionary<string, string?>
            {
                ["HOME"] = _folder,
                ["Storage__Path"] = Path.Combine(_folder, $"round-{round}", "bulletins.db"),
                ["Ingestion__SeedsPath"] = Path.Combine(AppContext.BaseDirectory, "seeds"),
                ["Telegram__BotToken"] = "123456789:TEST-fake-token-0123",
                ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9",
                ["Logging__LogLevel__Default"] = "Information",
            };

            using var service = HostProcess.Start(_folder, environment, redirectInput: true, "run");
            var ask = HostProcess.RunAsync(_folder, environment, "ask", "stats");
            var ingest = HostProcess.RunAsync(_folder, environment, "ingest");
            var answers = await Task.WhenAll(ask, ingest);

            // Either answered (by the service over its socket, or alone), or told in one line that the service holds the
            // store, or (ask, which only reads) that no store is there yet.
            foreach (var (code, text, error) in answers)
            {
                var told = error.Contains("is in use by", StringComparison.Ordinal) || error.Contains("There is no store at", StringComparison.Ordinal);
                Assert.True(code == 0 || (code == 3 && told), $"round {round}: exit {code}\n{text}\n{error}");
                AssertNoFailure(round, text + error);
            }

            await service.WaitForAsync("Announcements: ", TimeSpan.FromSeconds(60));
            service.Terminate();
            var exit = await service.WaitForExitAsync(TimeSpan.FromSeconds(20));
            AssertNoFailure(round, service.Output + service.Error);
            Assert.True(exit == 0, $"round {round}: the service exited {exit}\n{service.Error}");
        }

        output.WriteLine($"{Rounds} fresh starts in {DateTime.UtcNow - started:mm\\:ss}");
    }

    private static void AssertNoFailure(int round, string text)
    {
        foreach (var failure in Failures)
        {
            Assert.False(text.Contains(failure, StringComparison.Ordinal), $"round {round}: \"{failure}\"\n{text}");
        }
    }
}
