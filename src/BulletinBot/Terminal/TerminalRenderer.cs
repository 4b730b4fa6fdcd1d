using System.Text;
using BulletinBot.Core.Commands;

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
        switch (reply)
        {
            case ListReply list:
                text.AppendLine(Strong(list.Heading));
                foreach (var card in list.Cards)
                {
                    AppendListCard(text, card);
                }

                foreach (var note in list.Notes)
                {
                    text.AppendLine(note);
                }

                var total = list.Page.Total is { } count ? $" of {count}" : string.Empty;
                text.Append($"Showing {list.Page.First}-{list.Page.Last}{total}.");
                text.AppendLine(list.Page.Next is not null ? " Type next for more." : string.Empty);
                break;
            case ItemReply item:
                AppendItem(text, item.Item);
                break;
            case HelpReply help:
                text.AppendLine(Strong(help.Intro));
                foreach (var entry in help.Commands)
                {
                    text.Append("  ").Append(Strong(entry.Usage.PadRight(16))).Append(' ').AppendLine(entry.Description + ".");
                    text.Append("  ").Append(new string(' ', 17)).Append("e.g. ").AppendLine(entry.Example);
                }

                break;
            case StatsReply stats:
                text.AppendLine(Strong("What the archive holds"));
                text.AppendLine($"{stats.Total} items from {stats.Sources.Count} source{(stats.Sources.Count == 1 ? string.Empty : "s")}.");
                if (stats.Oldest is { } oldest && stats.Newest is { } newest)
                {
                    text.AppendLine($"Dated from {oldest:yyyy-MM-dd} to {newest:yyyy-MM-dd}.");
                }

                if (stats.Undated > 0)
                {
                    text.AppendLine($"{stats.Undated} item{(stats.Undated == 1 ? " has" : "s have")} no date.");
                }

                foreach (var source in stats.Sources)
                {
                    text.AppendLine($"{source.Source}: {source.Count}");
                }

                break;
            case ErrorReply error:
                text.AppendLine(error.Text);
                break;
        }

        await output.WriteAsync(text.ToString().AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private void AppendListCard(StringBuilder text, BulletinCard card)
    {
        text.Append(card.ShortId.PadRight(Indent.Length - 1)).Append(' ')
            .Append(FormatDate(card.Date, card.EndDate)).Append("  ")
            .AppendLine(Render(card.Title));
        foreach (var line in Wrap(Render(card.Snippet), width - Indent.Length))
        {
            text.Append(Indent).AppendLine(line);
        }
    }

    private void AppendItem(StringBuilder text, BulletinItem item)
    {
        text.AppendLine(Strong(item.Title));
        text.AppendLine($"{FormatDate(item.Date, item.EndDate)} · {item.Source} · id {item.ShortId}");
        foreach (var paragraph in item.Paragraphs)
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
