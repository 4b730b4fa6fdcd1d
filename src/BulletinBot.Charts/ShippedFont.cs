using System.Runtime.CompilerServices;
using ScottPlot;
using SkiaSharp;

namespace BulletinBot.Charts;

/// <summary>
/// The font shipped inside this assembly (DejaVu Sans, its licence beside it), the only one charts draw in. A bare
/// image has no fonts installed, and a font asked of the system there draws every letter as a square; a resolver
/// that answers our font's name from the embedded file draws the same text everywhere.
/// </summary>
public sealed class ShippedFont : IFontResolver
{
    public const string Name = "DejaVu Sans";

    private const string Resource = "BulletinBot.Charts.DejaVuSans.ttf";

    private static readonly Lazy<SKData> Data = new(() =>
    {
        using var stream = typeof(ShippedFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The font {Resource} is not embedded in {typeof(ShippedFont).Assembly.GetName().Name}.");
        return SKData.Create(stream);
    });

    private static readonly Lock Gate = new();
    private static bool registered;
    private static readonly ConditionalWeakTable<SKTypeface, object?> Made = [];

    /// <summary>Whether <paramref name="typeface"/> was made from the shipped file, not found among the system's fonts.</summary>
    public static bool IsShipped(SKTypeface typeface) => Made.TryGetValue(typeface, out _);

    /// <summary>Puts the shipped font first among ScottPlot's resolvers and makes it the default; once per process.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            Fonts.FontResolvers.Insert(0, new ShippedFont());
            Fonts.Default = Name;
            registered = true;
        }
    }

    /// <summary>A new typeface of the shipped font.</summary>
    public static SKTypeface Typeface()
    {
        var typeface = SKTypeface.FromData(Data.Value) ?? throw new InvalidOperationException($"The embedded font {Resource} cannot be read.");
        Made.AddOrUpdate(typeface, null);
        return typeface;
    }

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Answers(fontName) ? Typeface() : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        Answers(fontName) ? Typeface() : null;

    private static bool Answers(string fontName) => string.Equals(fontName, Name, StringComparison.OrdinalIgnoreCase);
}
