using BulletinBot.Core.Text;
using BulletinBot.Core.Commands;
using Spectre.Console;
using Spectre.Console.Rendering;
using BulletinBot.Core.Localization;

namespace BulletinBot.Terminal;

/// <summary>
/// A reply for a person at a terminal: wrapped at word boundaries to the window's width (read again
/// for every reply, so a resized window is honoured), matches highlighted, and every piece of text
/// cleaned of control characters and escaped before it becomes markup.
/// </summary>
internal sealed class ConsoleRenderer : IReplyRenderer
{
    private readonly IAnsiConsole _console;
    private readonly Func<int> _width;

    public ConsoleRenderer(TextWriter output, Func<int> width, bool ansi)
    {
        _width = width;
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
    }

    public Task WriteAsync(Reply reply, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _console.Profile.Width = Math.Clamp(_width(), 20, 200);
        _console.Write(new Rows(Render(reply)));
        return Task.CompletedTask;
    }

    private static IEnumerable<IRenderable> Render(Reply reply)
    {
        var say = BotText.For(reply.Language);
        switch (reply)
        {
            case ListReply list:
                yield return new Markup($"[bold]{Escape(list.Heading)}[/]");
                var cards = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(1)).AddColumn();
                foreach (var card in list.Cards)
                {
                    cards.AddRow(
                        new Markup($"[dim]{card.ShortId}[/]"),
                        new Markup($"[green]{TerminalText.Date(card.Date, card.EndDate, say)}[/]  [bold]{Marked(card.Title)}[/]"));
                    cards.AddRow(Text.Empty, new Markup(Marked(card.Snippet)));
                }

                yield return cards;
                foreach (var note in list.Notes)
                {
                    yield return new Markup(Escape(note));
                }

                yield return new Markup($"[dim]{Escape(TerminalText.PagingLine(list.Page, say))}[/]");
                break;
            case ItemReply { Item: var item }:
                yield return new Markup($"[bold]{Escape(item.Title)}[/]");
                yield return new Markup($"[green]{TerminalText.Date(item.Date, item.EndDate, say)}[/] [dim]· {Escape(item.Source)} · id {item.ShortId}[/]");
                foreach (var paragraph in item.Paragraphs)
                {
                    yield return Text.Empty;
                    yield return new Markup(Escape(paragraph));
                }

                if (TerminalText.Link(item) is { } link)
                {
                    yield return Text.Empty;
                    yield return new Markup($"[dim]{Escape(say.SourceLink)}:[/] {Escape(link)}");
                }

                break;
            case HelpReply help:
                yield return new Markup($"[bold]{Escape(help.Intro)}[/]");
                var commands = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(2)).AddColumn();
                foreach (var command in help.Commands)
                {
                    commands.AddRow(
                        new Markup($"[bold]{Escape(command.UsageIn(say.Language))}[/]"),
                        new Markup($"{Escape(command.DescriptionIn(say.Language))}. [dim]{Escape(say.ForExample(command.ExampleIn(say.Language)))}[/]"));
                }

                yield return commands;
                break;
            case StatsReply stats:
                yield return new Markup($"[bold]{Escape(say.StatsTitle)}[/]");
                foreach (var line in TerminalText.Stats(stats, say))
                {
                    yield return new Markup(Escape(line));
                }

                break;
            case NoticeReply notice:
                yield return new Markup($"[bold]{Escape(notice.Heading)}[/]");
                foreach (var line in notice.Lines)
                {
                    yield return new Markup(Escape(line));
                }

                break;
            case ErrorReply error:
                yield return new Markup($"[yellow]{Escape(error.Text)}[/]");
                break;
            case ChartReply chart:
                foreach (var part in ChartText.Rendered(chart))
                {
                    yield return part;
                }

                break;
        }
    }

    private static string Escape(string text) => Markup.Escape(TerminalText.Clean(text));

    private static string Marked(MarkedText text) =>
        string.Concat(text.Spans.Select(span => span.Marked ? $"[bold yellow]{Escape(span.Text)}[/]" : Escape(span.Text)));
}
