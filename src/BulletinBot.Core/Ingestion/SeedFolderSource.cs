using System.Runtime.CompilerServices;

namespace BulletinBot.Core.Ingestion;

/// <summary>The *.txt pages of one folder, in ordinal name order so ingestion is repeatable.</summary>
public sealed class SeedFolderSource(string folder) : IBulletinSource
{
    /// <summary>Pages larger than this are not bulletin pages; reading them whole would only waste memory.</summary>
    public const int MaxPageBytes = 8 * 1024 * 1024;

    public string Name => "seeds";

    public async IAsyncEnumerable<RawDocument> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            yield return new RawDocument(folder, null, "the seeds folder does not exist");
            yield break;
        }

        var files = Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(file);
            byte[]? content = null;
            string? error = null;
            try
            {
                var length = new FileInfo(file).Length;
                if (length > MaxPageBytes)
                {
                    error = $"it is {length / 1024 / 1024} MB; pages over {MaxPageBytes / 1024 / 1024} MB are not read";
                }
                else
                {
                    content = await File.ReadAllBytesAsync(file, cancellationToken);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                error = exception.Message;
            }

            yield return new RawDocument(name, content, error);
        }
    }
}
