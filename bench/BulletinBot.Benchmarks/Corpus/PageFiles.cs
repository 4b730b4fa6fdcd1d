using System.Text;

namespace BulletinBot.Benchmarks.Corpus;

/// <summary>
/// Writes generated bulletins as page files in the seeds folder's format (a source line, then each
/// item's title and its paragraphs, blocks apart by blank lines), for the host's first start.
/// </summary>
internal static class PageFiles
{
    /// <summary>Writes <paramref name="pages"/> files of <paramref name="itemsPerPage"/> items; returns the items written.</summary>
    public static int Write(string folder, int pages, int itemsPerPage)
    {
        var items = 0;
        var page = new StringBuilder(32 * 1024);
        var number = 0;
        foreach (var chunk in new CorpusGenerator(seedsDirectory: null).Generate(pages * itemsPerPage).Chunk(itemsPerPage))
        {
            page.Clear().Append(chunk[0].Source).Append("\n\n");
            foreach (var bulletin in chunk)
            {
                page.Append(bulletin.Title).Append("\n\n");
                foreach (var paragraph in bulletin.Paragraphs)
                {
                    page.Append(paragraph).Append("\n\n");
                }
            }

            File.WriteAllText(Path.Combine(folder, $"page-{number++:D6}.txt"), page.ToString());
            items += chunk.Length;
        }

        return items;
    }
}
