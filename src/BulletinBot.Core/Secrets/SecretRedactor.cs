using System.Net;

namespace BulletinBot.Core.Secrets;

/// <summary>
/// One configured secret. <see cref="Pieces"/> is the part of it that gives access (a token's secret part):
/// any 8 characters of it in a row are masked too, because a server may echo a token cut short or split.
/// <see cref="Shown"/>, when set, is written where the whole value stood (an address with its credentials masked)
/// instead of the bare mask.
/// </summary>
public sealed record Secret(string Value, string? Pieces = null, string? Shown = null)
{
    /// <summary>A configured source address: shown with its credentials masked, and each of them masked anywhere.</summary>
    public static IEnumerable<Secret> Address(string address) =>
        SourceAddress.Secrets(address).Select(value => new Secret(value)).Prepend(new Secret(address, Shown: SourceAddress.Mask(address)));
}

/// <summary>
/// Masks every configured secret in text before the text leaves the process (a log line, an error, a reply):
/// each whole, URL-encoded (either hex case, or with + for a space), and any <see cref="PieceLength"/> characters
/// of a token's secret part. It is given the secrets, so it knows nothing of where they come from.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>Shorter runs of a token's characters are common in ordinary text.</summary>
    public const int PieceLength = 8;

    /// <summary>A shorter value (a user name, a page number in a query) would mask ordinary words; it is masked where its address is.</summary>
    private const int ShortestMaskedValue = 4;

    private readonly (string Value, string Shown)[] _replaced;
    private readonly string[] _wholes;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _pieces;
    private readonly bool _hasPieces;

    public SecretRedactor(IEnumerable<Secret> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var wholes = new HashSet<string>(StringComparer.Ordinal);
        var pieces = new HashSet<string>(StringComparer.Ordinal);
        var replaced = new List<(string, string)>();
        foreach (var secret in secrets)
        {
            if (secret.Shown is not null && secret.Value.Length > 0)
            {
                replaced.Add((secret.Value, secret.Shown));
                continue;
            }

            foreach (var form in Forms(secret.Value).Where(f => f.Length >= ShortestMaskedValue))
            {
                wholes.Add(form);
            }

            foreach (var form in Forms(secret.Pieces))
            {
                for (var start = 0; start + PieceLength <= form.Length; start++)
                {
                    pieces.Add(form.Substring(start, PieceLength));
                }
            }
        }

        // Longest first: an address that contains another configured one is rewritten whole, not cut by the shorter.
        _replaced = [.. replaced.OrderByDescending(r => r.Item1.Length)];
        _wholes = [.. wholes];
        _pieces = pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        _hasPieces = pieces.Count > 0;
    }

    public static SecretRedactor None { get; } = new([]);

    public bool IsEmpty => _replaced.Length == 0 && _wholes.Length == 0 && !_hasPieces;

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || IsEmpty)
        {
            return text ?? string.Empty;
        }

        foreach (var (value, shown) in _replaced)
        {
            text = text.Replace(value, shown, StringComparison.Ordinal);
        }

        var masked = Masked(text);
        if (masked is null)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            if (!masked[i])
            {
                builder.Append(text[i++]);
                continue;
            }

            builder.Append(Mask);
            while (i < text.Length && masked[i])
            {
                i++;
            }
        }

        return builder.ToString();
    }

    public bool Leaks(string? text) => !string.IsNullOrEmpty(text) && Redact(text) != text;

    /// <summary>The exception with its causes and stack, secrets masked: what a log line may carry.</summary>
    public string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Redact(exception.ToString());
    }

    /// <summary>Which characters of <paramref name="text"/> belong to a secret; null when none does.</summary>
    private bool[]? Masked(string text)
    {
        bool[]? masked = null;
        foreach (var whole in _wholes)
        {
            for (var at = text.IndexOf(whole, StringComparison.Ordinal); at >= 0; at = text.IndexOf(whole, at + 1, StringComparison.Ordinal))
            {
                masked ??= new bool[text.Length];
                Array.Fill(masked, true, at, whole.Length);
            }
        }

        if (_hasPieces)
        {
            var span = text.AsSpan();
            for (var start = 0; start + PieceLength <= span.Length; start++)
            {
                if (_pieces.Contains(span.Slice(start, PieceLength)))
                {
                    masked ??= new bool[text.Length];
                    Array.Fill(masked, true, start, PieceLength);
                }
            }
        }

        return masked;
    }

    /// <summary>The ways a server may write a value back: as it is, or URL-encoded (%3A or %3a, + or %20 for a space).</summary>
    private static IEnumerable<string> Forms(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            yield break;
        }

        var escaped = Uri.EscapeDataString(value);
        var forms = new HashSet<string>(StringComparer.Ordinal)
        {
            value,
            escaped,
            LowerHex(escaped),
            WebUtility.UrlEncode(value),
            LowerHex(WebUtility.UrlEncode(value)),
        };
        foreach (var form in forms)
        {
            yield return form;
        }
    }

    private static string LowerHex(string escaped)
    {
        var chars = escaped.ToCharArray();
        for (var i = 0; i + 2 < chars.Length; i++)
        {
            if (chars[i] == '%')
            {
                chars[i + 1] = char.ToLowerInvariant(chars[i + 1]);
                chars[i + 2] = char.ToLowerInvariant(chars[i + 2]);
            }
        }

        return new string(chars);
    }
}
