using BulletinBot.Core.Announcing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>A process that dies between the platform's yes and the outbox's record of it, on a real store file.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"restart-{Guid.NewGuid():N}.db");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task A_send_the_platform_took_before_the_crash_is_sent_again_with_the_same_key_and_nothing_else_repeats()
    {
        var accepted = new List<string>();
        using (var rig = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 100 }, _path))
        {
            rig.Start("discord:42");
            rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2)), Item("C", Day(2020, 1, 3))]);

            // The platform takes B, the answer is lost, and the process dies before another try.
            rig.Discord.Answer = d =>
            {
                accepted.Add(d.IdempotencyKey);
                return d.Items[0].Title == "B" ? throw new IOException("connection reset after the platform took it") : null;
            };
            rig.Feeder.FeedPending();
            Assert.Equal(1, (await rig.Dispatcher.DispatchDueAsync(CancellationToken.None)).Sent);
            rig.Archive.Time.Advance(TimeSpan.FromSeconds(2));
            await rig.Dispatcher.DispatchDueAsync(CancellationToken.None);
        }

        using var restarted = new AnnouncingRig(new AnnouncementOptions { DigestThreshold = 100 }, _path);
        restarted.Discord.Answer = d =>
        {
            accepted.Add(d.IdempotencyKey);
            return null;
        };
        restarted.Start("discord:42");
        await restarted.RunUntilQuietAsync();

        // A, B (taken, unconfirmed), then B again under the same key, and C: a platform that honours the key posts B once.
        Assert.Equal(4, accepted.Count);
        Assert.Equal(accepted[1], accepted[2]);
        Assert.Equal(3, accepted.Distinct().Count());
        Assert.Equal(["B", "C"], restarted.Discord.ItemsTo("42"));
        Assert.Equal(2, accepted.Count(k => k == accepted[1]));
        Assert.Equal(3, restarted.Targets.All().Single().Delivered);
    }
}
