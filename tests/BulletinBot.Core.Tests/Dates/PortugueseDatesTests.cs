using BulletinBot.Core.Tests.Announcing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Dates;

/// <summary>Portuguese dates where a person types them: the date command and a subscription's backfill; and date ranges found by any day they overlap.</summary>
public sealed class PortugueseDatesTests
{
    [Theory]
    [InlineData("date novembro 2022")]
    [InlineData("date novembro de 2022")]
    [InlineData("date 5 de novembro de 2022")]
    [InlineData("fecha 5 de nov. de 2022")]
    public async Task The_date_command_reads_portuguese_months(string command)
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch([Item("Embaixada recebe amigos de Cuba", Day(2022, 11, 5)), Item("Outubro", Day(2022, 10, 5))]);

        var listing = await archive.ListAsync(command);

        Assert.Equal(["Embaixada recebe amigos de Cuba"], listing.Cards.Select(c => c.Title.PlainText));
    }

    [Fact]
    public async Task The_date_command_finds_an_item_whose_range_holds_the_day()
    {
        using var archive = new Archive();
        archive.Store.UpsertBatch([Item("Talks in Washington", Day(2018, 1, 22)) with { EndDate = Day(2018, 1, 23) }]);

        var listing = await archive.ListAsync("date 2018-01-23");

        Assert.Equal(["Talks in Washington"], listing.Cards.Select(c => c.Title.PlainText));
    }

    [Fact]
    public async Task A_backfill_since_a_portuguese_month_sends_the_items_from_it()
    {
        using var rig = new AnnouncingRig();
        rig.Archive.Store.UpsertBatch([Item("Migration talks", Day(2018, 1, 10)), Item("Migration round two", Day(2018, 6, 5)), Item("Visa office opens", Day(2018, 7, 1))]);
        rig.Start();
        var chat = new ChatContext("telegram", "7", ChatKind.Private, "7");

        Assert.IsType<NoticeReply>(await rig.AskAsync("subscribe backfill: since junho de 2018", chat));
        await rig.RunUntilQuietAsync();

        Assert.Equal(["Migration round two", "Visa office opens"], rig.Telegram.ItemsTo("7"));
    }
}
