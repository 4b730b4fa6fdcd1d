using System.ComponentModel.DataAnnotations;

namespace BulletinBot.Core.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The LiteDB file; a relative path is taken from the content root. ":memory:" keeps the store in memory.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Storage:Path must name the LiteDB file, e.g. data/bulletins.db.")]
    public string Path { get; set; } = "data/bulletins.db";

    public const string InMemory = ":memory:";
}
