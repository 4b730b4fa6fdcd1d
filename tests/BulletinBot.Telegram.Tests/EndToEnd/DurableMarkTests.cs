using BulletinBot.TestPages;

namespace BulletinBot.Telegram.Tests.EndToEnd;

/// <summary>
/// kill -9 of the real host after the store's commit of "sent" returned and before LiteDB's log writer wrote it. The log
/// stream's test hook holds that write for as long as a file exists; the test kills the host once it sends the next
/// message (which it must not do before the mark is on disk), then restarts it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DurableMarkTests : IDisposable
{
    private const string Target = "7101";
    private readonly string _hooks = Directory.CreateTempSubdirectory("bulletinbot-hold-").FullName;

    public void Dispose() => Directory.Delete(_hooks, recursive: true);

    [Fact]
    public async Task A_kill_while_the_mark_sent_is_not_yet_in_the_log_sends_no_post_twice()
    {
        var hold = Path.Combine(_hooks, "hold");
        await using var rig = await AnnouncementRig.StartAsync([Target], new Dictionary<string, string?>
        {
            ["Announcements__DigestThreshold"] = "10",
            ["BULLETINBOT_TEST_LOG_HOLD"] = hold,
        });

        // The first post is accepted, and the log is held from that moment; the second is refused (500) and the host
        // killed, so every post the fake accepted was one the host was told had arrived.
        var sends = 0;
        rig.Fake.FailWhen(
            call =>
            {
                if (call.Method != "sendMessage" || call.ChatId != Target)
                {
                    return false;
                }

                if (Interlocked.Increment(ref sends) == 1)
                {
                    File.WriteAllText(hold, string.Empty);
                    return false;
                }

                return true;
            },
            status: 500);

        var items = NewsPages.Items(page: 71, count: 3);
        rig.Drop("971_news.txt", items);

        // Whichever comes first: the host waits for its mark to reach the log, or it sends the next post without.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(hold + ".waiting") && Volatile.Read(ref sends) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Neither a wait for the log nor a second post in 60 s ({Volatile.Read(ref sends)} posts, held: {File.Exists(hold + ".held")}).\n{rig.Output}");
            await Task.Delay(20);
        }

        var sentWhileHeld = Volatile.Read(ref sends) >= 2;
        File.Delete(hold);
        while (Volatile.Read(ref sends) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No second post in 60 s after the log was let go.\n{rig.Output}");
            await Task.Delay(20);
        }

        await rig.KillBotAsync();
        Assert.True(File.Exists(hold + ".held"), "the hook never held a page of the log");

        await rig.StartBotAsync();
        await rig.WaitForAllAsync(items);

        // Rows go out oldest first, so a lost mark would have sent the first post again before the last one arrived.
        var posted = rig.Posted();
        Assert.Empty(DeliveryCounts.Problems(posted, rig.Targets, items, allowedRepeats: 0));
        Assert.False(sentWhileHeld, $"The host sent its next post while the mark of the one before was not on disk.\n{string.Join("\n", posted)}");
        Assert.Equal(items.Count, posted.Count);
    }
}
