using System.ComponentModel.DataAnnotations;

namespace BulletinBot.Core.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>The folder of bulletin pages (*.txt) read at start; a relative path is taken from the content root.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Ingestion:SeedsPath must name the folder of bulletin pages, e.g. seeds.")]
    public string SeedsPath { get; set; } = "seeds";
}
