using BulletinBot.Core.Search.Analysis;

namespace BulletinBot.Core.Tests.Search.Analysis;

public sealed class TextAnalyzerTests
{
    [Theory]
    [InlineData("Cossío", "cossio")]
    [InlineData("MIGRACIÓN", "migracion")]
    [InlineData("migraciones", "migracion")]
    [InlineData("talks", "talk")]
    [InlineData("meetings", "meeting")]
    [InlineData("policies", "policy")]
    [InlineData("Cuba's", "cuba")]
    [InlineData("Cuba’s", "cuba")]
    [InlineData("classes", "class")]
    [InlineData("houses", "hous")]
    [InlineData("house", "hous")]
    [InlineData("news", "news")]
    [InlineData("países", "pais")]
    [InlineData("país", "pais")]
    [InlineData("2018", "2018")]
    [InlineData("Straße", "strass")]
    public void Normalizes_words(string word, string expected) =>
        Assert.Equal(expected, TextAnalyzer.NormalizeWord(word, out _));

    [Theory]
    [InlineData("the")]
    [InlineData("The")]
    [InlineData("los")]
    [InlineData("de")]
    public void Recognises_stop_words(string word)
    {
        TextAnalyzer.NormalizeWord(word, out var isStop);
        Assert.True(isStop);
    }

    [Fact]
    public void Tokenizes_with_offsets_and_splits_on_punctuation()
    {
        var tokens = TextAnalyzer.Tokenize("Talks, in <b>Havana</b>: well-known!");
        Assert.Equal(["talk", "in", "b", "havana", "b", "well", "known"], tokens.Select(t => t.Term));
        Assert.Equal("Havana", "Talks, in <b>Havana</b>: well-known!".Substring(tokens[3].Start, tokens[3].Length));
        Assert.True(tokens[1].IsStopWord);
    }

    [Fact]
    public void Caps_term_length()
    {
        var word = new string('x', 5000);
        Assert.Equal(TextAnalyzer.MaxTermLength, TextAnalyzer.NormalizeWord(word, out _).Length);
    }
}
