using System.Text;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// How a page file's bytes become text, for the ingest and for "ingest --explain" alike, so the two
/// never disagree about a page: strict UTF-8, and a page that is not UTF-8 is refused rather than guessed.
/// </summary>
public static class PageDecoder
{
    /// <summary>Why a page whose bytes are not UTF-8 is skipped.</summary>
    public const string NotUtf8 = "it is not UTF-8 text";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The page's text, or null when its bytes are not UTF-8.</summary>
    public static string? TryDecode(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
