namespace BulletinBot.Core.Tests.Commands;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("latest", 5)]
    [InlineData("/latest", 5)]
    [InlineData("LATEST 12", 12)]
    [InlineData("/latest@BulletinBot 3", 3)]
    [InlineData("  ultimas   7 ", 7)]
    [InlineData("latest 50", 50)]
    public void Latest_takes_an_optional_count(string text, int expected) =>
        Assert.Equal(new LatestCommand(expected), CommandParser.Parse(text, "BulletinBot"));

    [Theory]
    [InlineData("latest ten")]
    [InlineData("latest 0")]
    [InlineData("latest -3")]
    [InlineData("latest 99999999999999")]
    public void A_bad_count_is_an_error_that_says_what_works(string text)
    {
        var command = Assert.IsType<InvalidCommand>(CommandParser.Parse(text));
        Assert.Contains("latest 10", $"{command.Problem} {command.Hint}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("search migration talks", "migration talks")]
    [InlineData("/search@BulletinBot \"law enforcement\" -drug", "\"law enforcement\" -drug")]
    [InlineData("buscar migración", "migración")]
    [InlineData("search", "")]
    public void Search_keeps_its_query_as_typed(string text, string query) =>
        Assert.Equal(new SearchCommand(query), CommandParser.Parse(text, "bulletinbot"));

    [Fact]
    public void The_other_verbs_and_their_aliases_parse()
    {
        Assert.Equal(new DateCommand("July 2018"), CommandParser.Parse("date July 2018"));
        Assert.Equal(new DateCommand("2018-01"), CommandParser.Parse("/fecha 2018-01"));
        Assert.Equal(new ShowCommand("k3j9x2a"), CommandParser.Parse("show k3j9x2a"));
        Assert.Equal(new NextCommand(null), CommandParser.Parse("next"));
        Assert.Equal(new NextCommand("0a1b2c3d"), CommandParser.Parse("more 0a1b2c3d"));
        Assert.Equal(new HelpCommand(null), CommandParser.Parse("/start"));
        Assert.Equal(new HelpCommand("search"), CommandParser.Parse("help search"));
        Assert.Equal(new StatsCommand(), CommandParser.Parse("stats"));
    }

    [Fact]
    public void A_command_addressed_to_another_bot_is_ignored() =>
        Assert.Null(CommandParser.Parse("/latest@SomeOtherBot", "BulletinBot"));

    [Fact]
    public void Show_without_an_id_explains_itself() =>
        Assert.Contains("show k3j9x2a", Assert.IsType<InvalidCommand>(CommandParser.Parse("show")).Hint, StringComparison.Ordinal);

    [Theory]
    [InlineData("migration talks", "search migration talks")]
    [InlineData("/frobnicate", "/help")]
    public void Unknown_words_get_a_suggestion(string text, string suggestion) =>
        Assert.Contains(suggestion, Assert.IsType<InvalidCommand>(CommandParser.Parse(text)).Hint, StringComparison.Ordinal);

    [Theory]
    [InlineData("@everyone", "\"@everyone\"")]
    [InlineData("@foo", "\"@foo\"")]
    public void A_line_of_one_mention_is_shown_as_the_unknown_word(string text, string shown) =>
        Assert.Contains(shown, Assert.IsType<InvalidCommand>(CommandParser.Parse(text, "BulletinBot")).Problem, StringComparison.Ordinal);

    [Theory]
    [InlineData("next 5")]
    [InlineData("next foo")]
    [InlineData("previous 12345")]
    public void Next_with_words_that_are_not_a_token_is_a_usage_error(string text)
    {
        var command = Assert.IsType<InvalidCommand>(CommandParser.Parse(text));
        Assert.Contains("takes no words", command.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain("expired", command.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_catalog_name_and_alias_parses_to_its_command()
    {
        foreach (var spec in CommandCatalog.All)
        {
            foreach (var word in spec.Aliases.Append(spec.Name).Append(spec.NameEs))
            {
                var expected = CommandCatalog.Create(spec.Name, spec.Name == "show" ? "k3j9x2a" : null).GetType();
                var argument = spec.Name == "show" ? " k3j9x2a" : string.Empty;
                Assert.IsType(expected, CommandParser.Parse("/" + word + argument, "Bot"));
            }
        }
    }

    [Fact]
    public void Catalog_names_suit_every_platform()
    {
        foreach (var spec in CommandCatalog.All)
        {
            Assert.Matches("^[a-z]{1,32}$", spec.Name);
            Assert.Matches("^[a-z]{1,32}$", spec.NameEs);
            Assert.InRange(spec.Description.Length, 3, 100);
            Assert.InRange(spec.DescriptionEs.Length, 3, 100);
            Assert.All(spec.Arguments, a => Assert.InRange(a.Description.Length, 1, 100));
        }
    }

    [Fact]
    public void A_huge_message_is_refused_without_echoing_it()
    {
        var command = Assert.IsType<InvalidCommand>(CommandParser.Parse("search " + new string('a', 100_000)));
        Assert.True($"{command.Problem} {command.Hint}".Length < 200);
    }
}
