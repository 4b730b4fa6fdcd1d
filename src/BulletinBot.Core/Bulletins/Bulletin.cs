namespace BulletinBot.Core.Bulletins;

/// <summary>One dated news item: a title and its body paragraphs, from one source page.</summary>
/// <param name="Id">Stable id derived from the normalised source, title and date (see <see cref="BulletinId"/>).</param>
/// <param name="Source">The page's section header, such as "Cuba in USA".</param>
/// <param name="Title">The item's title line, cleaned of stray whitespace.</param>
/// <param name="Paragraphs">The body paragraphs in order; never empty.</param>
/// <param name="Date">The event date the first paragraph states; null when none could be recovered.</param>
/// <param name="EndDate">The last day of a date range ("January 22-23, 2018"), else null.</param>
/// <param name="Link">Where the item can be read on the web, when its source said (an HTML listing or a feed).</param>
/// <param name="Origin">The configured source the item was read from, by that source's name ("seeds", or a web
/// source's URL); null for an item stored before items recorded it and not attributed since. Not part of the id.</param>
public sealed record Bulletin(
    string Id,
    string Source,
    string Title,
    IReadOnlyList<string> Paragraphs,
    DateOnly? Date,
    DateOnly? EndDate = null,
    string? Link = null,
    string? Origin = null)
{
    /// <summary>The longest date range an item carries; a store finds an item starting before a queried day by looking back this far.</summary>
    public const int MaxDateSpanDays = 366;

    public string ShortId => BulletinId.Shorten(Id);

    public string Body => string.Join("\n\n", Paragraphs);

    public bool Equals(Bulletin? other) =>
        other is not null
        && Id == other.Id
        && Source == other.Source
        && Title == other.Title
        && Date == other.Date
        && EndDate == other.EndDate
        && Link == other.Link
        && Origin == other.Origin
        && Paragraphs.SequenceEqual(other.Paragraphs);

    public override int GetHashCode() => HashCode.Combine(Id, Title, Date);
}
