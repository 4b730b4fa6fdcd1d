using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Tests.Search.Highlighting;

public sealed class SnippetsTests
{
    private static SearchQuery Q(string text) => SearchQueryParser.Parse(text).Query!;

    [Fact]
    public void Marks_the_matched_words_in_a_short_text()
    {
        var snippet = Snippets.Build("The MIGRACIÓN talks in Havana.", Q("migracion talk"));
        Assert.Equal("The MIGRACIÓN talks in Havana.", snippet.PlainText);
        Assert.Equal(["MIGRACIÓN", "talks"], snippet.Spans.Where(s => s.Marked).Select(s => s.Text));
    }

    [Fact]
    public void Marks_phrase_words_but_not_stop_words()
    {
        var snippet = Snippets.Build("Talks in Havana went on.", Q("\"talks in havana\""));
        Assert.Equal(["Talks", "Havana"], snippet.Spans.Where(s => s.Marked).Select(s => s.Text));
    }

    [Fact]
    public void A_long_text_is_windowed_around_the_matches_with_ellipses()
    {
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 40));
        var text = $"{filler} the embassy reopened in Havana today. {filler}";
        var snippet = Snippets.Build(text, Q("embassy havana"), 120);
        Assert.StartsWith("…", snippet.PlainText);
        Assert.EndsWith("…", snippet.PlainText);
        Assert.True(snippet.PlainText.Length <= 122, snippet.PlainText);
        Assert.Equal(["embassy", "Havana"], snippet.Spans.Where(s => s.Marked).Select(s => s.Text));
        var inner = snippet.PlainText.Trim('…');
        Assert.DoesNotContain("  ", inner);
        Assert.True(inner.Split(' ').All(w => w is "lorem" or "ipsum" or "dolor" or "the" or "embassy" or "reopened" or "in" or "Havana" or "today."), inner);
    }

    [Fact]
    public void Prefers_the_window_with_more_distinct_terms()
    {
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum", 60));
        var text = $"talks talks talks. {filler} talks about migration. {filler}";
        var snippet = Snippets.Build(text, Q("talks migration"), 100);
        Assert.Contains("migration", snippet.Spans.Where(s => s.Marked).Select(s => s.Text));
    }

    [Fact]
    public void Without_a_match_shows_the_start()
    {
        var text = string.Join(' ', Enumerable.Repeat("lorem ipsum", 100));
        var snippet = Snippets.Build(text, Q("zeppelin"), 50);
        Assert.StartsWith("lorem", snippet.PlainText);
        Assert.EndsWith("…", snippet.PlainText);
        Assert.DoesNotContain(snippet.Spans, s => s.Marked);
    }

    [Fact]
    public void Collapses_paragraph_breaks()
    {
        var snippet = Snippets.Build("First talks.\n\nSecond   paragraph.", Q("talks"));
        Assert.Equal("First talks. Second paragraph.", snippet.PlainText);
    }
}
