namespace BulletinBot.Core.Text;

/// <summary>A piece of text; <see cref="Marked"/> when a search matched it.</summary>
public readonly record struct TextSpan(string Text, bool Marked);

/// <summary>Text with the words a search matched marked, and no markup of any platform.</summary>
public sealed record MarkedText(IReadOnlyList<TextSpan> Spans)
{
    public string PlainText { get; } = string.Concat(Spans.Select(s => s.Text));

    public static MarkedText Plain(string text) => new([new TextSpan(text, false)]);
}
