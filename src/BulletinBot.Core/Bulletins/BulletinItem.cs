namespace BulletinBot.Core.Bulletins;

/// <summary>
/// One bulletin in full, as a reply shows it and an announcement posts it: what both need of a
/// <see cref="Bulletin"/>, here so that neither has to ask the other.
/// </summary>
public sealed record BulletinItem(
    string ShortId,
    string Title,
    DateOnly? Date,
    DateOnly? EndDate,
    string Source,
    IReadOnlyList<string> Paragraphs,
    string? Link = null)
{
    public static BulletinItem Of(Bulletin bulletin)
    {
        ArgumentNullException.ThrowIfNull(bulletin);
        return new(bulletin.ShortId, bulletin.Title, bulletin.Date, bulletin.EndDate, bulletin.Source, bulletin.Paragraphs, bulletin.Link);
    }
}
