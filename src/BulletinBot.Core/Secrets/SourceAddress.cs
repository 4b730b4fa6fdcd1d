using System.Text.RegularExpressions;

namespace BulletinBot.Core.Secrets;

/// <summary>
/// A source address as it may be shown: its user info and every query value masked
/// (<c>https://***@host/feed?apikey=***</c>), because a feed's address often carries its credentials.
/// </summary>
public static partial class SourceAddress
{
    /// <summary>The address without its credentials; text that is no absolute http(s) address is returned unchanged.</summary>
    public static string Mask(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return address;
        }

        var shown = $"{uri.Scheme}://{(uri.UserInfo.Length > 0 ? SecretRedactor.Mask + "@" : string.Empty)}{uri.Authority}{uri.AbsolutePath}";
        if (uri.Query.Length > 1)
        {
            shown += "?" + string.Join('&', uri.Query[1..].Split('&').Select(MaskValue));
        }

        return shown + uri.Fragment;
    }

    /// <summary>Every http(s) address inside <paramref name="text"/> masked as <see cref="Mask(string)"/> does.</summary>
    public static string MaskWithin(string? text) =>
        string.IsNullOrEmpty(text) ? text ?? string.Empty : Addresses().Replace(text, match => Mask(match.Value));

    /// <summary>What in an address is secret: the user name, the password and each query value.</summary>
    public static IEnumerable<string> Secrets(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        foreach (var part in uri.UserInfo.Split(':'))
        {
            if (part.Length > 0)
            {
                yield return Uri.UnescapeDataString(part);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&'))
        {
            if (pair.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0 && equals + 1 < pair.Length)
            {
                yield return Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            }
        }
    }

    private static string MaskValue(string pair) =>
        pair.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0 ? pair[..(equals + 1)] + SecretRedactor.Mask : pair;

    [GeneratedRegex(@"https?://[^\s""'<>)\]]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Addresses();
}
