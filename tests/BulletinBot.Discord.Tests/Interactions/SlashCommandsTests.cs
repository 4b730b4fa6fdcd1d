using System.Text.RegularExpressions;
using BulletinBot.Discord.Interactions;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulletinBot.Discord.Tests.Interactions;

public sealed partial class SlashCommandsTests
{
    [Fact]
    public void Names_and_descriptions_follow_discords_rules_with_spanish_localisations()
    {
        var commands = SlashCommands.Build();

        Assert.Equal(["latest", "search", "date", "show", "next", "subscribe", "subscriptions", "unsubscribe", "stats", "help"], commands.Select(c => c.Name));
        foreach (var command in commands)
        {
            Assert.Matches(NameRule(), command.Name);
            Assert.Matches(NameRule(), command.NameLocalizations[SlashCommands.Spanish]);
            Assert.InRange(command.Description.Length, 1, 100);
            Assert.InRange(command.DescriptionLocalizations[SlashCommands.Spanish].Length, 1, 100);
            Assert.All(command.Options, option =>
            {
                Assert.Matches(NameRule(), option.Name);
                Assert.InRange(option.Description.Length, 1, 100);
            });
        }

        var count = Assert.Single(commands.Single(c => c.Name == "latest").Options);
        Assert.Equal((4, 1, 20, false), (count.Type, count.MinValue, count.MaxValue, count.Required));
        var query = Assert.Single(commands.Single(c => c.Name == "search").Options);
        Assert.Equal((3, true, true), (query.Type, query.Required, query.Autocomplete));
        Assert.True(Assert.Single(commands.Single(c => c.Name == "show").Options).Autocomplete);
        Assert.Null(Assert.Single(commands.Single(c => c.Name == "date").Options).Autocomplete);
    }

    [Theory]
    [InlineData(null, "applications/100000000000000001/commands")]
    [InlineData("555000000000000000", "applications/100000000000000001/guilds/555000000000000000/commands")]
    public async Task Registration_overwrites_in_bulk_with_a_body_discord_accepts(string? guild, string path)
    {
        await using var harness = await ClientHarness.StartAsync(options => options.GuildId = guild);
        var commands = new SlashCommands(harness.Rest, Microsoft.Extensions.Options.Options.Create(harness.Options), NullLogger<SlashCommands>.Instance);

        await commands.RegisterAsync("100000000000000001", CancellationToken.None);

        var put = Assert.Single(harness.Fake.Requests);
        Assert.Equal(("PUT", path), (put.Method, put.Path));
        Assert.Empty(harness.Fake.Violations);
        Assert.Equal(10, put.Body.GetArrayLength());
    }

    [GeneratedRegex(@"^[-_'\p{Ll}\p{N}]{1,32}$")]
    private static partial Regex NameRule();
}
