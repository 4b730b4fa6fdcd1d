using BulletinBot.Core.Text;
using System.Text;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Localization;

namespace BulletinBot.Terminal;

/// <summary>
/// A reply as plain lines, for pipes and for <c>ask</c>: one line per paragraph (a script wraps as it
/// likes), matches *starred*, no colour, every text cleaned of control characters.
/// </summary>
internal sealed class PlainTextRenderer(TextWriter output) : IReplyRenderer
{
    public async Task WriteAsync(Reply reply, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var say = BotText.For(reply.Language);
        switch (reply)
        {
            case ListReply list:
                text.AppendLine(Clean(list.Heading));
                foreach (var card in list.Cards)
                {
                    text.Append(card.ShortId.PadRight(8)).Append(' ').Append(TerminalText.Date(card.Date, card.EndDate, say))
                        .Append("  ").AppendLine(Render(card.Title));
                    text.Append("         ").AppendLine(Render(card.Snippet));
                }

                list.Notes.ToList().ForEach(note => text.AppendLine(Clean(note)));
                text.AppendLine(TerminalText.PagingLine(list.Page, say));
                break;
            case ItemReply { Item: var item }:
                text.AppendLine(Clean(item.Title));
                text.AppendLine($"{TerminalText.Date(item.Date, item.EndDate, say)} · {Clean(item.Source)} · id {item.ShortId}");
                foreach (var paragraph in item.Paragraphs)
                {
                    text.AppendLine().AppendLine(Clean(paragraph));
                }

                if (TerminalText.Link(item) is { } link)
                {
                    text.AppendLine().Append(say.SourceLink).Append(": ").AppendLine(link);
                }

                break;
            case HelpReply help:
                text.AppendLine(help.Intro);
                foreach (var command in help.Commands)
                {
                    text.Append("  ").Append(command.UsageIn(say.Language).PadRight(16)).Append(' ').AppendLine(command.DescriptionIn(say.Language) + ".");
                    text.Append(' ', 19).AppendLine(say.ForExample(command.ExampleIn(say.Language)));
                }

                break;
            case StatsReply stats:
                text.AppendLine(say.StatsTitle);
                TerminalText.Stats(stats, say).ToList().ForEach(line => text.AppendLine(Clean(line)));
                break;
            case NoticeReply notice:
                text.AppendLine(Clean(notice.Heading));
                notice.Lines.ToList().ForEach(line => text.AppendLine(Clean(line)));
                break;
            case ErrorReply error:
                text.AppendLine(Clean(error.Text));
                break;
            case ChartReply chart:
                ChartText.Plain(chart).ToList().ForEach(line => text.AppendLine(line));
                break;
        }

        await output.WriteAsync(text.ToString().AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static string Clean(string text) => TerminalText.Clean(text);

    private static string Render(MarkedText text) =>
        string.Concat(text.Spans.Select(span => span.Marked ? $"*{Clean(span.Text)}*" : Clean(span.Text)));
}

/// <summary>Writes a reply for a person or a script to read.</summary>
internal interface IReplyRenderer
{
    Task WriteAsync(Reply reply, CancellationToken cancellationToken);
}
