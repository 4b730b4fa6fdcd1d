using System.Security.Cryptography;
using System.Text;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// Reads a source's pages, parses them and upserts their bulletins, one transaction per page. Those
/// who follow the store (the search index) read its change sequence; nobody is called back here.
/// </summary>
public sealed class Ingestor(
    BulletinStore store,
    TimeProvider time,
    ILogger<Ingestor> logger)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<IngestReport> IngestAsync(IBulletinSource source, CancellationToken cancellationToken)
    {
        var report = new IngestReport();
        await foreach (var document in source.ReadAsync(cancellationToken))
        {
            report = report with { Pages = report.Pages + 1 };
            if (document.Content is null)
            {
                logger.LogWarning("Skipped {Source} page {Page}: {Reason}", source.Name, document.Name, document.Error);
                report = report with { Failed = report.Failed + 1 };
                continue;
            }

            var key = $"{source.Name}/{document.Name}";
            var hash = Convert.ToHexStringLower(SHA256.HashData(document.Content));
            if (store.GetSource(key)?.ContentHash == hash)
            {
                report = report with { Unchanged = report.Unchanged + 1 };
                continue;
            }

            ParsedPage page;
            try
            {
                page = document.Page ?? BulletinParser.Parse(StrictUtf8.GetString(document.Content));
            }
            catch (Exception exception) when (exception is BulletinFormatException or DecoderFallbackException)
            {
                var reason = exception is DecoderFallbackException ? "it is not UTF-8 text" : exception.Message;
                logger.LogWarning("Skipped {Source} page {Page}: {Reason}", source.Name, document.Name, reason);
                report = report with { Failed = report.Failed + 1 };
                continue;
            }

            foreach (var warning in page.Warnings)
            {
                logger.LogInformation("{Source} page {Page}: {Warning}", source.Name, document.Name, warning);
            }

            var result = store.UpsertBatch(page.Items, new SourceState(key, hash, page.Items.Count, time.GetUtcNow()));
            logger.LogInformation(
                "Ingested {Source} page {Page}: {Added} new, {Updated} updated, {Unchanged} unchanged",
                source.Name, document.Name, result.Added.Count, result.Updated.Count, result.Unchanged);
            report = report with
            {
                Added = report.Added + result.Added.Count,
                Updated = report.Updated + result.Updated.Count,
            };
        }

        return report;
    }
}

public sealed record IngestReport(int Pages = 0, int Unchanged = 0, int Failed = 0, int Added = 0, int Updated = 0);
