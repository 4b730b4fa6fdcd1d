using System.Globalization;
using System.Text;

namespace BulletinBot.Core.Bulletins;

/// <summary>One item as read: its title, where its date came from, and how many paragraphs it kept.</summary>
public sealed record ItemExplanation(string Title, int Paragraphs, ItemDate Date);

/// <summary>How a page was read: every block with its role and reasons, every item with its date's origin.</summary>
/// <param name="Error">Why the text is not a bulletin page at all; then the lists are empty.</param>
public sealed record PageExplanation(
    string? Source,
    IReadOnlyList<BlockReading> Blocks,
    IReadOnlyList<ItemExplanation> Items,
    IReadOnlyList<string> Warnings,
    string? Error = null)
{
    private const int Preview = 70;

    /// <summary>Plain text for a terminal: blocks first, then items, then warnings.</summary>
    public string Render()
    {
        var text = new StringBuilder();
        if (Error is not null)
        {
            text.Append("Not read as a bulletin page: ").AppendLine(Error);
            return text.ToString();
        }

        text.Append("Source: ").AppendLine(Source);
        text.AppendLine().AppendLine("Blocks:");
        foreach (var block in Blocks)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {block.Index + 1,3}. {RoleName(block.Role),-6} \"{Cut(block.Text)}\"");
            text.AppendLine(block.Role == BlockRole.Header ? string.Empty : $"  (score {block.Score})");
            foreach (var reason in block.Reasons)
            {
                text.Append("         - ").AppendLine(reason);
            }
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Items ({Items.Count}):");
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            var when = item.Date.Date is { } date
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (item.Date.EndDate is { } end ? $"..{end:yyyy-MM-dd}" : string.Empty)
                : "undated";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {i + 1,3}. {when}  \"{Cut(item.Title)}\"  ({item.Paragraphs} paragraph{(item.Paragraphs == 1 ? "" : "s")})");
            text.Append("         date: ").Append(OriginName(item.Date.Origin)).Append(" - ").AppendLine(item.Date.How);
        }

        if (Warnings.Count > 0)
        {
            text.AppendLine().AppendLine("Warnings:");
            foreach (var warning in Warnings)
            {
                text.Append("  - ").AppendLine(warning);
            }
        }

        return text.ToString();
    }

    private static string RoleName(BlockRole role) => role switch
    {
        BlockRole.Header => "header",
        BlockRole.Title => "TITLE",
        _ => "body",
    };

    private static string OriginName(DateOrigin origin) => origin switch
    {
        DateOrigin.Stated => "stated",
        DateOrigin.YearInferred => "year inferred",
        _ => "none",
    };

    private static string Cut(string text) => text.Length <= Preview ? text : string.Concat(text.AsSpan(0, Preview - 1), "…");
}

/// <summary>The entry point for "ingest --explain FILE": how the parser read a page, in plain text.</summary>
public static class PageExplainer
{
    /// <summary>Reads <paramref name="pageText"/> as the parser does and returns the explanation as plain text. Never throws for any text.</summary>
    public static string Explain(string pageText) => Describe(pageText).Render();

    /// <summary>The explanation as data, for callers that render it themselves.</summary>
    public static PageExplanation Describe(string pageText)
    {
        ArgumentNullException.ThrowIfNull(pageText);
        try
        {
            var reading = BulletinParser.Read(pageText);
            var items = reading.Items.Select((item, i) => new ItemExplanation(item.Title, item.Paragraphs.Count, reading.Dates[i])).ToList();
            return new PageExplanation(reading.Source, reading.Blocks, items, reading.Warnings);
        }
        catch (BulletinFormatException error)
        {
            return new PageExplanation(null, [], [], [], error.Message);
        }
    }
}
