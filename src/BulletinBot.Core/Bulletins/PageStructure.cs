using System.Text.RegularExpressions;

namespace BulletinBot.Core.Bulletins;

/// <summary>What a block of a page was read as.</summary>
public enum BlockRole
{
    Header,
    Title,
    Body,
}

/// <summary>One block (line) of a page, what it was read as, and the cues that decided it.</summary>
/// <param name="Score">The sum of the cues' weights; a block with a score of 1 or more reads as a title where context allows.</param>
public sealed record BlockReading(int Index, string Text, BlockRole Role, int Score, IReadOnlyList<string> Reasons);

/// <summary>
/// Decides which blocks of a page are titles. Real pages end titles with periods, question marks and quotes, and
/// run titles and bodies together with single newlines, so no single cue can decide; each cue adds or takes a
/// little, and the reasons are kept so that a reader can see why a block was read as it was.
/// </summary>
internal static partial class PageStructure
{
    // Real titles run to about fifty words ("Statements to the press by the director general ..., on the decision of
    // ... to include Cuba on the list of states sponsors of terrorism."); past thirty words a title is long but not rare.
    internal const int MaxTitleWords = 50;
    internal const int ShortTitleWords = 30;
    internal const int MaxTitleLength = 300;
    internal const string UntitledSource = "Untitled page";

    // Section headers seen on the mission sites run to six words ("Embassy of Cuba in the Netherlands").
    private const int MaxHeaderWords = 8;

    // How far into a block a date may start and still make the block open with a date phrase.
    private const int DatePhraseWindow = 80;

    /// <summary>Reads every block; the first is the header unless the second plainly opens a body.</summary>
    public static List<BlockReading> Read(List<string> blocks)
    {
        var readings = new List<BlockReading>(blocks.Count);
        var first = 0;
        if (HasHeader(blocks))
        {
            readings.Add(new BlockReading(0, blocks[0], BlockRole.Header, 0, ["the first line, short and followed by a title"]));
            first = 1;
        }

        for (var i = first; i < blocks.Count; i++)
        {
            var next = i + 1 < blocks.Count ? blocks[i + 1] : null;
            var (score, reasons) = Judge(blocks[i], next);
            if (i == first)
            {
                reasons.Insert(0, "the first block of the page's items is always a title");
                readings.Add(new BlockReading(i, blocks[i], BlockRole.Title, score, reasons));
            }
            else if (readings[^1].Role == BlockRole.Title)
            {
                reasons.Insert(0, "it follows a title, and every item has at least one paragraph");
                readings.Add(new BlockReading(i, blocks[i], BlockRole.Body, score, reasons));
            }
            else if (next is null)
            {
                reasons.Insert(0, "it is the last block, and a title needs a paragraph after it");
                readings.Add(new BlockReading(i, blocks[i], BlockRole.Body, score, reasons));
            }
            else if (score >= 1 && PageCues.IsSubtitle(blocks[i]) && TitleAboveSubtitle(readings, next) is { } above)
            {
                // "Declaration of the Ministry of Foreign Affairs" under the real title: the title is the block above.
                readings[^1] = above;
                reasons.Insert(0, "it names the kind of document under the title above it (a subtitle), so it opens the body");
                readings.Add(new BlockReading(i, blocks[i], BlockRole.Body, score, reasons));
            }
            else
            {
                readings.Add(new BlockReading(i, blocks[i], score >= 1 ? BlockRole.Title : BlockRole.Body, score, reasons));
            }
        }

        return readings;
    }

    /// <summary>
    /// The block above a subtitle read again as a title, judged against what follows the subtitle; null when it does
    /// not read as one, or when it is the only paragraph of the item above it.
    /// </summary>
    private static BlockReading? TitleAboveSubtitle(List<BlockReading> readings, string? afterSubtitle)
    {
        if (readings.Count < 2 || readings[^1].Role != BlockRole.Body || readings[^2].Role != BlockRole.Body)
        {
            return null;
        }

        var above = readings[^1];
        var (score, reasons) = Judge(above.Text, afterSubtitle);
        if (score < 1)
        {
            return null;
        }

        reasons.Insert(0, "a subtitle naming the kind of document follows it, so it is judged against the block after the subtitle");
        return above with { Role = BlockRole.Title, Score = score, Reasons = reasons };
    }

    /// <summary>
    /// A page without a header starts straight with a title, so its second block opens a body: a date phrase,
    /// a photo caption, or prose that is no title (too long, or long and of several sentences). Anything else keeps
    /// the first line as the header.
    /// </summary>
    private static bool HasHeader(List<string> blocks) =>
        blocks.Count < 2 || !(OpensWithDate(blocks[1]) || IsCaption(blocks[1]) || IsTooLong(blocks[1])
            || WordCount(blocks[1]) > ShortTitleWords && SentenceCount(blocks[1]) >= 2
            || FirstLineIsTitle(blocks));

    /// <summary>
    /// A section header is a few words ("Cuba in USA", "Articles") and no sentence. A first line longer than that, or
    /// ending like a sentence, whose next block reads as a paragraph rather than a title, is the first item's title.
    /// </summary>
    private static bool FirstLineIsTitle(List<string> blocks) =>
        (WordCount(blocks[0]) > MaxHeaderWords || EndsWithSentenceStop(blocks[0]) is not null)
        && Judge(blocks[1], blocks.Count > 2 ? blocks[2] : null).Score < 1;

    /// <summary>The context-free cues of a block, plus what the next block says about it.</summary>
    internal static (int Score, List<string> Reasons) Judge(string block, string? next)
    {
        var reasons = new List<string>();
        if (IsTooLong(block))
        {
            reasons.Add($"too long for a title ({WordCount(block)} words, {block.Length} characters)");
            return (-9, reasons);
        }

        if (OpensWithDate(block))
        {
            reasons.Add("it opens with a date phrase or a dateline");
            return (-9, reasons);
        }

        if (IsCaption(block))
        {
            reasons.Add("it reads as a photo caption");
            return (-9, reasons);
        }

        if (block[0] is '-' or '•' or '*' or '·' or '–' or '—')
        {
            reasons.Add("it starts with a list mark");
            return (-9, reasons);
        }

        if (PageCues.IsSalutation(block))
        {
            reasons.Add("it reads as a salutation opening a speech");
            return (-9, reasons);
        }

        if (next is not null && PageCues.IsPlaceLine(block) && OpensWithDate(next))
        {
            reasons.Add("it is a place line above a dateline");
            return (-9, reasons);
        }

        var score = 1;
        reasons.Add(WordCount(block) <= ShortTitleWords
            ? $"+1 short ({WordCount(block)} words)"
            : $"+1 long, but within a title's length ({WordCount(block)} words, at most {MaxTitleWords})");
        var dateline = EndingDateline(block);
        var prose = dateline is { } at ? block[..at] : block;
        if (dateline is not null)
        {
            score += 1;
            reasons.Add("+1 it ends with a dateline (place and date)");
        }
        else if (EndsWithSentenceStop(block) is { } stop)
        {
            var weight = stop is '?' or '!' ? 1 : 2;
            score -= weight;
            reasons.Add($"-{weight} it ends with '{stop}' like a sentence");
        }

        var sentences = SentenceCount(prose);
        if (sentences >= 2)
        {
            score -= 2;
            reasons.Add($"-2 it holds {sentences} sentences");
        }

        if (IsMostlyCapitalised(block))
        {
            score += 1;
            reasons.Add("+1 most of its longer words are capitalised");
        }

        if (next is not null)
        {
            if (OpensWithDate(next))
            {
                score += 2;
                reasons.Add("+2 the next block opens with a date or a dateline");
            }
            else if (PageCues.IsPlaceLine(next))
            {
                score += 2;
                reasons.Add("+2 the next block is a place line, as above a dateline");
            }
            else if (IsCaption(next))
            {
                score += 2;
                reasons.Add("+2 the next block is a photo caption");
            }
            else if (sentences == 1 && OpensAnItem(block, next) is { } nextSentences)
            {
                // What a heading is for: one line, then the paragraph it heads. This is what lets a title that ends
                // with a full stop, or runs longer than some bodies' first sentence, be read as the title it is.
                score += 2;
                reasons.Add($"+2 it is one sentence, and the next block is a paragraph of {nextSentences} sentences, much longer");
            }
            else if (sentences == 1 && IsMuchLonger(next, block) && PageCues.EchoedWords(prose, next) is var echoed and > 0)
            {
                // A lead restates its headline: "A joint ... meeting was held in Havana." then "The II ... Meeting ... was held in Havana from ...".
                score += 2;
                reasons.Add($"+2 it is one sentence, and the next block, much longer, repeats {echoed} of its words as a lead repeats its title");
            }
            else if (IsMuchLonger(next, block))
            {
                score += 1;
                reasons.Add("+1 the next block is much longer");
            }
        }

        return (score, reasons);
    }

    internal static bool IsTooLong(string block) =>
        block.Length > MaxTitleLength || block.AsSpan().Count(' ') >= MaxTitleWords;

    /// <summary>
    /// "On June 14, 2018, ...", "El 19 de marzo ...", "Estocolmo, 7 de marzo de 2023-", "Washington D.C.; January 31,
    /// 2021 - ...": the block is prose about a dated event.
    /// </summary>
    internal static bool OpensWithDate(string block)
    {
        if (DateMentions.FindFirst(block, DatePhraseWindow) is not { } found)
        {
            return false;
        }

        var lead = block.AsSpan(0, found.Index).TrimEnd();
        if (lead.Length == 0)
        {
            return true;
        }

        var words = lead.Count(' ') + 1;
        if (lead[^1] is ',' or '.' or ';' or '-' or '–' or '—' && words <= 4)
        {
            return true;
        }

        var firstSpace = lead.IndexOf(' ');
        return words <= 3 && IsDateLead(firstSpace < 0 ? lead : lead[..firstSpace]);
    }

    internal static bool IsCaption(string block) => CaptionStart().IsMatch(block);

    /// <summary>
    /// The next block's sentence count when it reads as the paragraph a one-line heading opens: prose of two or more
    /// sentences, much longer (half as long again, as for <see cref="IsMuchLonger"/>).
    /// </summary>
    private static int? OpensAnItem(string block, string next) =>
        IsMuchLonger(next, block) && SentenceCount(next) is var count and >= 2 ? count : null;

    private static bool IsMuchLonger(string next, string block) => next.Length >= block.Length * 3 / 2;

    /// <summary>Where a closing "Washington, December 11, 2017." starts, or null.</summary>
    private static int? EndingDateline(string block)
    {
        var end = block.AsSpan().TrimEnd(" .-–—").Length;
        for (var start = Math.Max(0, block.Length - 60); start < end; start++)
        {
            if (start > 0 && char.IsLetterOrDigit(block[start - 1]) || !char.IsLetterOrDigit(block[start]))
            {
                continue;
            }

            var rest = block[start..];
            if (DateMentions.FindFirstMatch(rest, rest.Length) is { Index: 0 } found && start + found.Length >= end && found.Mention.HasYear)
            {
                // Take the place name ("Washington,") with it, so that the rest reads as the heading it is.
                var before = block.AsSpan(0, start).TrimEnd();
                var place = before.Length > 0 && before[^1] == ',' ? before.LastIndexOfAny(". ") : -1;
                return place >= 0 ? place + 1 : start;
            }
        }

        return null;
    }

    private static char? EndsWithSentenceStop(string block)
    {
        var end = block.AsSpan().TrimEnd("\"'”’»)]");
        if (end.Length == 0 || end[^1] is not ('.' or '!' or '?' or ':'))
        {
            return null;
        }

        return end[^1] == '.' && BulletinParser.EndsWithAbbreviation(end) ? null : end[^1];
    }

    private static int SentenceCount(string text) => SentenceBreak().Matches(text).Count(m => !BulletinParser.EndsWithAbbreviation(text.AsSpan(0, m.Index + 1))) + 1;

    private static bool IsMostlyCapitalised(string block)
    {
        var words = block.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3).ToList();
        return words.Count >= 3 && words.Count(w => char.IsUpper(FirstLetterOrDigit(w))) * 10 >= words.Count * 6;
    }

    private static char FirstLetterOrDigit(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                return c;
            }
        }

        return ' ';
    }

    private static int WordCount(string text) => text.AsSpan().Count(' ') + 1;

    private static bool IsDateLead(ReadOnlySpan<char> word)
    {
        foreach (var lead in DateLeadWords)
        {
            if (word.Equals(lead, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] DateLeadWords =
    [
        "on", "in", "since", "from", "between", "during", "today", "el", "en", "desde", "del", "entre", "durante", "los",
        "las", "hoy", "le", "les", "du", "depuis", "entre", "o", "no", "em", "desde", "hoje",
    ];

    [GeneratedRegex(@"^[(\[]?(?:photo|foto|image|imagen|credit|crédito|from left to right|de izquierda a derecha|de gauche à droite|da esquerda para a direita)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaptionStart();

    [GeneratedRegex(@"[.!?](?=[""'”’»)]?\s+[""'“‘«(¿¡]?\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();
}
