using BulletinBot.Core.Commands;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Tests.Search.Highlighting;

/// <summary>Snippets mark what a prefix or a forgiven typo matched, as they mark an exact match.</summary>
public sealed class LooseHighlightTests
{
    private const string Text = "The migration talks resumed in Havana; migrants and migratory birds were not discussed.";

    [Fact]
    public void A_prefix_marks_every_word_it_begins()
    {
        var snippet = Snippets.Build(Text, Parse("migr*"));

        Assert.Equal(["migration", "migrants", "migratory"], Marked(snippet));
    }

    [Fact]
    public void The_last_word_typed_as_you_type_is_a_prefix_too()
    {
        var snippet = Snippets.Build(Text, SearchQueryParser.Parse("talks hav", new SearchOptions { LastWordIsPrefix = true }).Query!);

        Assert.Equal(["talks", "Havana"], Marked(snippet));
    }

    [Fact]
    public void A_typo_marks_the_word_it_was_corrected_to()
    {
        var snippet = Snippets.Build(Text, Parse("migrasion"));

        Assert.Equal(["migration"], Marked(snippet));
    }

    [Fact]
    public void A_text_holding_the_word_as_typed_marks_only_that()
    {
        var snippet = Snippets.Build("The talks and the tasks of the week.", Parse("talks"));

        Assert.Equal(["talks"], Marked(snippet));
    }

    [Fact]
    public void No_typo_is_forgiven_in_a_short_word_nor_in_the_first_letter()
    {
        Assert.Empty(Marked(Snippets.Build("The tasks of the week.", Parse("talk"))));
        Assert.Empty(Marked(Snippets.Build("The nigration of birds.", Parse("migration"))));
    }

    [Fact]
    public async Task A_corrected_search_marks_the_corrected_word_in_the_results()
    {
        using var archive = await Archive.WithSeedsAsync();

        var reply = await archive.ListAsync("search migrasion");

        Assert.Contains(reply.Cards[0].Title.Spans, s => s.Marked && s.Text.Equals("Migration", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(reply.Cards[0].Snippet.Spans, s => s.Marked);
    }

    private static SearchQuery Parse(string text) => SearchQueryParser.Parse(text).Query!;

    private static List<string> Marked(BulletinBot.Core.Text.MarkedText snippet) => snippet.Spans.Where(s => s.Marked).Select(s => s.Text).ToList();
}
