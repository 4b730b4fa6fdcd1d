using System.Text;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Search;

namespace BulletinBot.Terminal;

/// <summary>
/// Renders a <see cref="Reply"/> as plain text. At a terminal, text is wrapped and matches are
/// highlighted in colour; into a pipe, each paragraph stays one line and matches are *starred*.
/// </summary>
internal sealed class TerminalRenderer(TextWriter output, bool color, int? width = null)
{
    private const string Indent = "         ";

    public async Task WriteAsync(Reply reply, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (reply.Heading is { } heading)
        {
            text.AppendLine(Strong(heading));
        }

        foreach (var card in reply.Cards)
        {
            if (reply.Kind == ReplyKind.Item)
            {
                AppendItem(text, card);
            }
            else
            {
                AppendListCard(text, card);
            }
        }

        foreach (var entry in reply.Help)
        {
            text.Append("  ").Append(Strong(entry.Usage.PadRight(16))).Append(' ').AppendLine(entry.Description);
            text.Append("  ").Append(new string(' ', 17)).Append("e.g. ").AppendLine(entry.Example);
        }

        foreach (var note in reply.Notes)
        {
            text.AppendLine(note);
        }

        if (reply.Paging is { } paging)
        {
            var total = paging.TotalIsExact ? $" of {paging.Total}" : string.Empty;
            text.Append($"Showing {paging.First}-{paging.Last}{total}.");
            text.AppendLine(paging.HasMore ? " Type next for more." : string.Empty);
        }

        await output.WriteAsync(text.ToString().AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private void AppendListCard(StringBuilder text, ReplyCard card)
    {
        text.Append(card.ShortId.PadRight(Indent.Length - 1)).Append(' ')
            .Append(FormatDate(card.Date, card.EndDate)).Append("  ")
            .AppendLine(Render(card.Title));
        if (card.Snippet is { } snippet)
        {
            foreach (var line in Wrap(Render(snippet), width - Indent.Length))
            {
                text.Append(Indent).AppendLine(line);
            }
        }
    }

    private void AppendItem(StringBuilder text, ReplyCard card)
    {
        text.AppendLine(Strong(Render(card.Title)));
        text.AppendLine($"{FormatDate(card.Date, card.EndDate)} · {card.Source} · id {card.ShortId}");
        foreach (var paragraph in card.Paragraphs)
        {
            text.AppendLine();
            foreach (var line in Wrap(paragraph, width))
            {
                text.AppendLine(line);
            }
        }
    }

    private static string FormatDate(DateOnly? date, DateOnly? end) => date switch
    {
        null => "date unknown",
        { } day when end is { } last && last != day => $"{day:yyyy-MM-dd}..{last:yyyy-MM-dd}",
        { } day => day.ToString("yyyy-MM-dd"),
    };

    private string Render(MarkedText text)
    {
        var builder = new StringBuilder();
        foreach (var span in text.Spans)
        {
            builder.Append(span.Marked ? (color ? $"\u001b[1;33m{span.Text}\u001b[0m" : $"*{span.Text}*") : span.Text);
        }

        return builder.ToString();
    }

    private string Strong(string text) => color ? $"\u001b[1m{text}\u001b[0m" : text;

    private static IEnumerable<string> Wrap(string text, int? width)
    {
        if (width is null)
        {
            yield return text;
            yield break;
        }

        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
