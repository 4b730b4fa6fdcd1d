using System.ComponentModel.DataAnnotations;

namespace BulletinBot.Core.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>
    /// The folder of bulletin pages (*.txt); a relative path is taken from the content root. When it
    /// is not set, the folder "seeds" in the content root is read, or, where there is none, the seed
    /// pages built into the program.
    /// </summary>
    [MinLength(1, ErrorMessage = "Ingestion:SeedsPath is empty; name the folder of bulletin pages (e.g. seeds), or leave it unset for the built-in pages.")]
    public string? SeedsPath { get; set; }

    /// <summary>How often a running bot reads its sources again for new and changed pages.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Ingestion:RescanInterval must be between 00:00:01 and 7.00:00:00 (d.hh:mm:ss).")]
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromMinutes(5);
}
