using System.Runtime.CompilerServices;

namespace BulletinBot.Core.Ingestion;

/// <summary>
/// The seed pages built into the program, so the bot has an archive wherever it is started. It is
/// named like the seeds folder, so the same page read from either is recognised as unchanged.
/// </summary>
public sealed class EmbeddedSeedSource : IBulletinSource
{
    private const string Prefix = "seeds/";

    public string Name => "seeds";

    public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var assembly = typeof(EmbeddedSeedSource).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            yield return new RawDocument(resource[Prefix.Length..], buffer.ToArray());
        }
    }
}
