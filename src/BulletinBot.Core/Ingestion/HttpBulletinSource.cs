using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using BulletinBot.Core.Bulletins;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// An HTML listing page or an RSS/Atom feed on the web, fetched on its schedule with conditional GET
/// (ETag, Last-Modified): "not modified" costs one request and reads nothing. The validators are kept
/// in the store when one is given, so this holds after a restart too. A failure (an error
/// status, a timeout, a page that is not a listing or feed) throws, so it is reported, and puts the
/// source into exponential back-off; nothing already stored is touched.
/// </summary>
public sealed class HttpBulletinSource(
    HttpSourceOptions options,
    TimeSpan rescanInterval,
    IHttpClientFactory clients,
    TimeProvider time,
    ILogger<HttpBulletinSource> logger,
    ISourceValidatorStore? validators = null) : IBulletinSource
{
    /// <summary>The name of the <see cref="HttpClient"/> sources use, so the host can add resilience to it.</summary>
    public const string ClientName = "bulletin-sources";

    public const int MaxBytes = 8 * 1024 * 1024;

    private static readonly TimeSpan FirstBackOff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private EntityTagHeaderValue? _etag;
    private DateTimeOffset? _lastModified;
    private bool _loaded;
    private DateTimeOffset _nextFetch = DateTimeOffset.MinValue;
    private int _failures;

    public string Name => options.Url;

    public string ShortName => SourceDirectory.NameOf(options);

    public TimeSpan? Interval => options.Interval;

    private TimeSpan Every => options.Interval ?? rescanInterval;

    public bool IsDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            return now >= _nextFetch;
        }
    }

    public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fetched = await FetchAsync(cancellationToken);
        if (fetched is not (var page, var etag, var lastModified))
        {
            yield break;
        }

        // Only once the reader has stored the page, in the same transaction: a version remembered sooner
        // would be answered "not modified" after a crash, and the page would never be stored.
        yield return etag is null && lastModified is null
            ? page
            : page with
            {
                SaveAlongside = validators is null ? null : () => validators.Save(options.Url, new HttpValidators(etag?.ToString(), lastModified)),
                Stored = () => Remember(etag, lastModified),
            };
    }

    private async Task<(RawDocument Page, EntityTagHeaderValue? ETag, DateTimeOffset? LastModified)?> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, options.Url);
            lock (_gate)
            {
                LoadOnce();
                if (_etag is not null)
                {
                    request.Headers.IfNoneMatch.Add(_etag);
                }

                request.Headers.IfModifiedSince = _lastModified;
            }

            using var client = clients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                Succeeded();
                logger.LogDebug("{Source}: not modified", Name);
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            }

            if (response.Content.Headers.ContentLength > MaxBytes)
            {
                throw new InvalidDataException($"the page is {response.Content.Headers.ContentLength} bytes; at most {MaxBytes} are read");
            }

            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var text = Decode(content, response.Content.Headers.ContentType?.CharSet);
            var parsed = options.Kind == HttpSourceKind.Feed
                ? FeedReader.Read(text, options.Name)
                : HtmlListingReader.Read(text, new Uri(options.Url), options.Name, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            if (parsed.Items.Count == 0)
            {
                // Garbage, an error page served as 200, a redesign: keep what is stored, and say so.
                throw new InvalidDataException($"no items could be read ({string.Join("; ", parsed.Warnings.DefaultIfEmpty("empty"))})");
            }

            Succeeded();
            return (new RawDocument(options.Url, content, Page: parsed), response.Headers.ETag, response.Content.Headers.LastModified);
        }
        catch (Exception exception) when (!(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Whatever the HTTP pipeline throws (a refused connection, its own timeout or open circuit, a page that
            // is not a listing) is this source failing this time. The address is not in the message: the caller
            // logs it as a field of its own, where secrets in it can be masked.
            var (delay, next) = Failed();
            throw new SourceFailedException(
                string.Create(CultureInfo.InvariantCulture, $"could not be read ({OneLine(exception.Message)}); next try at {next:HH:mm:ss} UTC, in {delay.TotalSeconds:N0} s"),
                exception);
        }
    }

    private void Succeeded()
    {
        lock (_gate)
        {
            _failures = 0;
            _nextFetch = time.GetUtcNow() + Every;
        }
    }

    private void Remember(EntityTagHeaderValue? etag, DateTimeOffset? lastModified)
    {
        lock (_gate)
        {
            _etag = etag;
            _lastModified = lastModified;
        }
    }

    /// <summary>The validators the store kept from before this process, read at the first fetch.</summary>
    private void LoadOnce()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        if (validators?.Load(options.Url) is { } kept)
        {
            _etag = EntityTagHeaderValue.TryParse(kept.ETag, out var etag) ? etag : null;
            _lastModified = kept.LastModified;
        }
    }

    private (TimeSpan Delay, DateTimeOffset Next) Failed()
    {
        lock (_gate)
        {
            _failures++;
            var backOff = FirstBackOff * Math.Pow(2, Math.Min(_failures - 1, 16));
            var delay = (backOff < MaxBackOff ? backOff : MaxBackOff) * (0.75 + (Random.Shared.NextDouble() / 2));
            _nextFetch = time.GetUtcNow() + delay;
            return (delay, _nextFetch);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    private static string Decode(byte[] content, string? charset)
    {
        try
        {
            return (charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'))).GetString(content);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetString(content);
        }
    }
}

/// <summary>A source could not be read this time; the message says why and when it is tried again.</summary>
public sealed class SourceFailedException(string message, Exception inner) : Exception(message, inner);
