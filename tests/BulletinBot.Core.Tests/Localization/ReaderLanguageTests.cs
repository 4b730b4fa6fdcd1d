using BulletinBot.Core.Dates;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search;
using BulletinBot.Core.Search.Query;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Localization;

/// <summary>
/// The words that were English only: the date and search parsers' errors, the conversation's own replies, and the
/// French and Portuguese command words.
/// </summary>
public sealed class ReaderLanguageTests
{
    private static readonly DateOnly Today = new(2018, 7, 11);

    [Theory]
    [InlineData("en", "I don't know the date \"someday\". Try a day like 2018-07-11")]
    [InlineData("es", "No entiendo la fecha \"someday\". Prueba un día como 2018-07-11")]
    [InlineData("fr", "Je ne comprends pas la date « someday ». Essayez un jour comme 2018-07-11")]
    [InlineData("pt", "Não entendo a data \"someday\". Tente um dia como 2018-07-11")]
    public void The_date_parser_s_errors_are_in_the_reader_s_language(string language, string expected)
    {
        var result = WhenParser.Parse("someday", Today, BotText.For(language));

        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_day_that_does_not_exist_names_its_month_in_the_reader_s_language()
    {
        Assert.Equal(
            "2018-02-30 is not a real date (February 2018 has 28 days). " + BotText.English.WhenHint,
            WhenParser.Parse("2018-02-30", Today).Error);
        Assert.StartsWith(
            "2018-02-30 no es una fecha real (febrero de 2018 tiene 28 días).",
            WhenParser.Parse("2018-02-30", Today, BotText.For("es")).Error,
            StringComparison.Ordinal);
        Assert.StartsWith(
            "La période 2018-03..2018-01 est à l'envers",
            WhenParser.Parse("2018-03..2018-01", Today, BotText.For("fr")).Error,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "es", "¿Buscar qué?")]
    [InlineData("-cancelled", "pt", "Diga o que procurar")]
    [InlineData("talks from:yesterdayish", "fr", "Je n'ai pas pu lire la date « yesterdayish » dans from:.")]
    [InlineData("talks from:2018-03 to:2018-01", "es", "from:2018-03-01 es posterior a to:2018-01-31")]
    public void The_search_parser_s_errors_are_in_the_reader_s_language(string query, string language, string expected)
    {
        var result = SearchQueryParser.Parse(query, SearchOptions.Default, BotText.For(language));

        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void English_parser_errors_are_unchanged()
    {
        Assert.Equal(SearchQueryParser.EmptyQueryError, SearchQueryParser.Parse("").Error);
        Assert.Equal(SearchQueryParser.OnlyExclusionsError, SearchQueryParser.Parse("-cancelled").Error);
        Assert.StartsWith("Tell me which date. Try a day like 2018-07-11", WhenParser.Parse(" ", Today).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Spanish_reader_s_date_and_search_errors_arrive_in_Spanish()
    {
        using var archive = await Archive.WithSeedsAsync();
        var spanish = ChatContext.Terminal with { Language = "es" };

        var date = Assert.IsType<ErrorReply>(await archive.Handler.HandleAsync(CommandParser.Parse("fecha algun dia")!, spanish, CancellationToken.None));
        var search = Assert.IsType<ErrorReply>(await archive.Handler.HandleAsync(CommandParser.Parse("buscar -canceladas")!, spanish, CancellationToken.None));

        Assert.StartsWith("No entiendo la fecha \"algun dia\".", date.Problem, StringComparison.Ordinal);
        Assert.StartsWith("Dime qué buscar", search.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_fast_is_said_in_the_sender_s_language()
    {
        using var archive = await Archive.WithSeedsAsync();
        var budget = new CommandBudget(Options.Create(new ConversationOptions { CommandsPerMinute = 3 }), new FakeTimeProvider());
        using var conversation = new ChatConversation(archive.Handler, new ListLogger<ChatConversation>(), budget: budget);
        var french = new ChatContext("telegram", "1", SenderId: "u") { Language = "fr" };

        // A typed command over budget is told every time.
        ErrorReply? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            refused = await conversation.AnswerAsync(new StatsCommand(), french, CancellationToken.None) as ErrorReply;
        }

        Assert.NotNull(refused);

        Assert.Equal("Vous envoyez des commandes plus vite que je n'y réponds. Attendez une minute, puis réessayez.", refused.Text);
        Assert.Equal("fr", refused.Language);
        Assert.Same(ChatConversation.TooFast, ChatConversation.TooFastIn("de"));
    }

    [Theory]
    [InlineData("derniers 2", typeof(LatestCommand))]
    [InlineData("ultimos 2", typeof(LatestCommand))]
    [InlineData("chercher migration", typeof(SearchCommand))]
    [InlineData("pesquisar migração", typeof(SearchCommand))]
    [InlineData("data julho de 2018", typeof(DateCommand))]
    [InlineData("voir k3j9x2a", typeof(ShowCommand))]
    [InlineData("suivant", typeof(NextCommand))]
    [InlineData("próximo", typeof(NextCommand))]
    [InlineData("précédent", typeof(PreviousCommand))]
    [InlineData("abonner", typeof(SubscribeCommand))]
    [InlineData("assinar", typeof(SubscribeCommand))]
    [InlineData("abonnements", typeof(SubscriptionsCommand))]
    [InlineData("assinaturas", typeof(SubscriptionsCommand))]
    [InlineData("desabonner 1", typeof(UnsubscribeCommand))]
    [InlineData("statistiques", typeof(StatsCommand))]
    [InlineData("estatísticas", typeof(StatsCommand))]
    [InlineData("aide", typeof(HelpCommand))]
    [InlineData("ajuda", typeof(HelpCommand))]
    public void French_and_Portuguese_command_words_name_their_commands(string text, Type expected)
    {
        Assert.IsType(expected, CommandParser.Parse(text));
        Assert.IsType(expected, CommandParser.Parse("/" + text, "Bot"));
    }

    [Fact]
    public void No_word_of_any_language_names_two_commands()
    {
        var owners = CommandCatalog.All
            .SelectMany(spec => spec.Words.Select(word => (Word: word.ToUpperInvariant(), spec.Name)))
            .GroupBy(pair => pair.Word)
            .Where(group => group.Select(pair => pair.Name).Distinct().Count() > 1)
            .Select(group => group.Key);

        Assert.Empty(owners);
        Assert.All(CommandCatalog.All, spec => Assert.All(spec.Words, word => Assert.Same(spec, CommandCatalog.Find(word))));
    }

    [Fact]
    public void Help_names_the_commands_in_French_and_Portuguese()
    {
        var latest = LatestCommand.Spec;

        Assert.Equal("derniers [count]", latest.UsageIn("fr"));
        Assert.Equal("ultimos 10", latest.ExampleIn("pt"));
        Assert.StartsWith("Les articles les plus récents", latest.DescriptionIn("fr"), StringComparison.Ordinal);
        Assert.Equal("latest [count]", latest.UsageIn("en"));
        Assert.Equal("ultimas [count]", latest.UsageIn("es"));
        Assert.All(CommandCatalog.All, spec =>
        {
            Assert.NotEqual(spec.Description, spec.DescriptionIn("fr"));
            Assert.NotEqual(spec.Description, spec.DescriptionIn("pt"));
        });
    }

    [Fact]
    public void The_readme_names_every_French_and_Portuguese_command()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

        Assert.All(CommandCatalog.All, c =>
        {
            Assert.Contains($"`{c.NameIn("fr")}`", readme, StringComparison.Ordinal);
            Assert.Contains($"`{c.NameIn("pt")}`", readme, StringComparison.Ordinal);
        });
    }
}
