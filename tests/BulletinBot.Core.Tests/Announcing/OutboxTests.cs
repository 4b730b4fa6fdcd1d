using BulletinBot.Core.Announcing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Announcing;

/// <summary>What the outbox queues from the store's change sequence, per target.</summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task The_first_run_is_a_backfill_that_announces_nothing_and_later_items_go_to_every_target_once()
    {
        using var rig = new AnnouncingRig();
        rig.Archive.Store.UpsertBatch([Item("Old one", Day(2020, 1, 1)), Item("Old two", Day(2020, 1, 2))]);
        rig.Start("telegram:-1001", "discord:42");
        await rig.RunUntilQuietAsync();
        Assert.Empty(rig.Telegram.Attempts);

        rig.Archive.Store.UpsertBatch([Item("New one", Day(2020, 2, 1))]);
        rig.Archive.Store.UpsertBatch([Item("New one", Day(2020, 2, 1))]);
        await rig.RunUntilQuietAsync();

        Assert.Equal(["New one"], rig.Telegram.ItemsTo("-1001"));
        Assert.Equal(["New one"], rig.Discord.ItemsTo("42"));
        Assert.Equal(0, rig.Outbox.Depth());
    }

    [Fact]
    public async Task With_AnnounceBackfill_the_first_load_is_announced()
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { AnnounceBackfill = true });
        rig.Archive.Store.UpsertBatch([Item("Old one", Day(2020, 1, 1)), Item("Old two", Day(2020, 1, 2))]);
        rig.Start("discord:42");
        await rig.RunUntilQuietAsync();

        Assert.Equal(["Old one", "Old two"], rig.Discord.ItemsTo("42"));
    }

    [Theory]
    [InlineData(false, new[] { "Talks" })]
    [InlineData(true, new[] { "Talks", "Talks" })]
    public async Task An_edit_updates_the_item_and_is_announced_only_when_edits_are(bool announceEdits, string[] expected)
    {
        using var rig = new AnnouncingRig(new AnnouncementOptions { AnnounceEdits = announceEdits });
        rig.Start("discord:42");
        rig.Archive.Store.UpsertBatch([Item("Talks", Day(2020, 1, 1), "First text.")]);
        await rig.RunUntilQuietAsync();

        rig.Archive.Time.Advance(TimeSpan.FromMinutes(5));
        var result = rig.Archive.Store.UpsertBatch([Item("Talks", Day(2020, 1, 1), "Corrected text.")]);
        await rig.RunUntilQuietAsync();

        Assert.Single(result.Updated);
        Assert.Equal("Corrected text.", rig.Archive.Store.Get(result.Updated[0].Id)!.Paragraphs[0]);
        Assert.Equal(expected, rig.Discord.ItemsTo("42"));
        if (announceEdits)
        {
            Assert.Equal("Corrected text.", rig.Discord.Delivered[^1].Items[0].Paragraphs[0]);
        }
    }

    [Fact]
    public async Task A_target_filter_takes_words_phrases_and_exclusions()
    {
        using var rig = new AnnouncingRig();
        rig.Start("discord:1|migration -visa", "discord:2|\"law enforcement\"", "discord:3");
        rig.Archive.Store.UpsertBatch(
        [
            Item("Migration talks", Day(2020, 1, 1), "Delegations met on migration."),
            Item("Visa and migration", Day(2020, 1, 2), "A visa rule for migration."),
            Item("Cooperation", Day(2020, 1, 3), "On law enforcement matters."),
            Item("Enforcement of law", Day(2020, 1, 4), "Enforcement comes after the law is made."),
        ]);
        await rig.RunUntilQuietAsync();

        Assert.Equal(["Migration talks"], rig.Discord.ItemsTo("1"));
        Assert.Equal(["Cooperation"], rig.Discord.ItemsTo("2"));
        Assert.Equal(4, rig.Discord.ItemsTo("3").Count);
    }

    [Fact]
    public void A_filter_with_dates_is_refused_and_an_empty_one_matches_everything()
    {
        Assert.Null(AnnouncementFilter.TryParse("talks from:2018", out var error));
        Assert.Contains("dates", error, StringComparison.Ordinal);
        Assert.True(AnnouncementFilter.TryParse("  ", out _)!.Matches(Item("Anything", null)));
        Assert.True(AnnouncementFilter.TryParse("MIGRACIÓN", out _)!.Matches(Item("Hablan de migracion", null)));
    }

    [Fact]
    public async Task Rows_written_before_a_crash_are_delivered_after_the_restart_and_none_twice()
    {
        var path = Path.Combine(Path.GetTempPath(), $"outbox-{Guid.NewGuid():N}.db");
        try
        {
            using (var rig = new AnnouncingRig(path: path))
            {
                rig.Start("discord:42");
                rig.Archive.Store.UpsertBatch([Item("A", Day(2020, 1, 1)), Item("B", Day(2020, 1, 2))]);
                rig.Feeder.FeedPending();

                // The process dies before anything is sent, and a third item is stored meanwhile.
                rig.Archive.Store.UpsertBatch([Item("C", Day(2020, 1, 3))]);
            }

            using var restarted = new AnnouncingRig(path: path);
            restarted.Start("discord:42");
            await restarted.RunUntilQuietAsync();

            Assert.Equal(["A", "B", "C"], restarted.Discord.ItemsTo("42"));
            Assert.Equal(3, restarted.Targets.All().Single().Delivered);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
