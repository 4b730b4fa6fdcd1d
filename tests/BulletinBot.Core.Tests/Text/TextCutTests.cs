using System.Globalization;
using BulletinBot.Core.Search.Highlighting;
using BulletinBot.Core.Search.Query;
using BulletinBot.Core.Text;
using BulletinBot.TestText;
using CsCheck;

namespace BulletinBot.Core.Tests.Text;

/// <summary>Shortening never splits what a reader sees as one character.</summary>
public sealed class TextCutTests
{
    [Fact]
    public void Every_title_cut_at_every_length_from_1_to_300_keeps_whole_graphemes_within_the_length()
    {
        foreach (var title in Graphemes.Titles())
        {
            var boundaries = Graphemes.Boundaries(title);
            for (var max = 1; max <= 300; max++)
            {
                var floor = TextCut.Floor(title, max);
                Assert.True(floor <= max, $"{floor} > {max}");
                Assert.Contains(floor, boundaries);

                var shortened = TextCut.Shorten(title, max);
                Assert.True(shortened.Length <= max, "longer than the limit");
                Graphemes.AssertWhole(title, shortened);

                Graphemes.AssertWhole(title, CommandCatalog.Shorten(title, max));
            }
        }
    }

    [Fact]
    public void A_grapheme_longer_than_the_limit_is_left_whole_or_for_a_splitter_cut_between_code_points()
    {
        var marks = "a" + string.Concat(Enumerable.Repeat("\u0301", 50)) + "😀";

        Assert.Equal(0, TextCut.Floor(marks, 10));
        Assert.Equal(10, TextCut.FloorOrCodePoint(marks, 10));
        Assert.Equal(0, TextCut.FloorOrCodePoint("😀😀", 1));
        Assert.Equal(2, TextCut.FloorOrCodePoint("👍🏽", 3));
        Assert.Equal("…", TextCut.Shorten("😀😀", 2));
        Assert.Equal("", TextCut.Shorten("😀😀", 0));
    }

    [Fact]
    public void Random_mixes_cut_anywhere_keep_a_prefix_of_whole_graphemes()
    {
        Gen.Int[0, Graphemes.Pieces.Length - 1].Array[0, 120].Select(Gen.Int[1, 300])
            .Sample((picks, max) =>
            {
                var text = string.Concat(picks.Select(i => Graphemes.Pieces[i]));
                var floor = TextCut.Floor(text, max);
                Assert.True(floor <= max);
                Assert.Contains(floor, Graphemes.Boundaries(text));
                Assert.True(floor == text.Length || StringInfo.GetNextTextElementLength(text, floor) + floor > max,
                    "a longer whole prefix fitted");
            }, iter: 2_000);
    }

    [Fact]
    public void A_snippet_of_a_body_without_spaces_ends_between_graphemes()
    {
        var query = Assert.IsType<SearchQuery>(SearchQueryParser.Parse("migration").Query);
        foreach (var title in Graphemes.Titles())
        {
            var snippet = Snippets.Build(title + " migration " + title, query);

            Assert.False(TextCut.HasLoneSurrogate(snippet.PlainText), "a lone surrogate");
        }
    }
}
