using BulletinBot.Core.Commands;
using BulletinBot.Core.Dates;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BulletinBot.Core.Tests.TestData;

namespace BulletinBot.Core.Tests.Dates;

/// <summary><c>Bot:TimeZone</c>: what today and yesterday mean, how times are shown, and a bad zone refused at start.</summary>
public sealed class BotClockTests : IDisposable
{
    // 23:30 UTC on the 24th: already the 25th in Kiritimati (UTC+14), still the 24th afternoon in Los Angeles.
    private readonly Archive _archive = new(time: new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero)));

    public BotClockTests() =>
        _archive.Store.UpsertBatch([Item("Day before", Day(2026, 11, 23)), Item("Evening item", Day(2026, 11, 24)), Item("Morning item", Day(2026, 11, 25))]);

    public void Dispose() => _archive.Dispose();

    [SkippableTheory]
    [InlineData("Pacific/Kiritimati", "today", "Morning item")]
    [InlineData("Pacific/Kiritimati", "yesterday", "Evening item")]
    [InlineData("America/Los_Angeles", "today", "Evening item")]
    [InlineData("America/Los_Angeles", "yesterday", "Day before")]
    [InlineData("UTC", "today", "Evening item")]
    public async Task Today_and_yesterday_are_the_days_of_the_bot_zone(string zone, string when, string title)
    {
        Skip.If(BotClock.FindZone(zone) is null, "this machine has no time zone database");

        var reply = Assert.IsType<ListReply>(await HandlerIn(zone).HandleAsync(new DateCommand(when), ChatContext.Terminal, CancellationToken.None));

        Assert.Equal(title, Assert.Single(reply.Cards).Title.PlainText);
    }

    [SkippableFact]
    public async Task Stats_carries_the_bot_zone_and_times_are_shown_with_its_name()
    {
        Skip.If(BotClock.FindZone("America/Los_Angeles") is null, "this machine has no time zone database");
        var clock = Clock("America/Los_Angeles");

        var stats = Assert.IsType<StatsReply>(await HandlerIn("America/Los_Angeles").HandleAsync(new StatsCommand(), ChatContext.Terminal, CancellationToken.None));

        Assert.Equal(clock.Zone, stats.Zone);
        Assert.Equal("2026-11-24 15:30 America/Los_Angeles", clock.Show(_archive.Time.GetUtcNow()));
        Assert.Equal("2026-11-24 23:30 UTC", BotClock.Show(_archive.Time.GetUtcNow(), TimeZoneInfo.Utc));
    }

    [Fact]
    public void An_unknown_zone_is_refused_in_one_line_naming_the_setting()
    {
        var validator = new BotOptionsValidator();

        var refused = validator.Validate(null, new BotOptions { TimeZone = "Mars/Olympus_Mons" });

        Assert.True(refused.Failed);
        Assert.StartsWith("Bot:TimeZone \"Mars/Olympus_Mons\" is not a time zone", refused.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.FailureMessage);
        Assert.True(validator.Validate(null, new BotOptions()).Succeeded);
        Assert.True(validator.Validate(null, new BotOptions { TimeZone = "UTC" }).Succeeded);
    }

    [Fact]
    public void Without_a_setting_the_clock_keeps_the_hosts_zone()
    {
        var clock = new BotClock(_archive.Time, Options.Create(new BotOptions()));

        Assert.Equal(_archive.Time.LocalTimeZone, clock.Zone);
    }

    private BotClock Clock(string zone) => new(_archive.Time, Options.Create(new BotOptions { TimeZone = zone }));

    private CommandHandler HandlerIn(string zone) =>
        new(_archive.Store, _archive.Search, _archive.Continuations, _archive.Time, clock: Clock(zone));
}
