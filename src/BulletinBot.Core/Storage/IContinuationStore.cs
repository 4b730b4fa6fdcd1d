namespace BulletinBot.Core.Storage;

/// <summary>
/// The port of each chat's listing pages, so "next" and "previous" resume a listing, also after a restart and on
/// another replica. LiteDB implements it for one process (<see cref="ContinuationStore"/>); PostgreSQL for several.
/// </summary>
public interface IContinuationStore
{
    /// <summary>The first page of a new listing.</summary>
    ListingPage Start(string chatKey, string kind, string argument, int pageSize);

    /// <summary>The page after <paramref name="page"/>, which showed <paramref name="shown"/> ending with the item keyed <paramref name="after"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The listing words (continue, next) are the store's names since before the port; no VB implementer exists.")]
    ListingPage Continue(string chatKey, ListingPage page, string? after, IReadOnlyList<string> shown);

    /// <summary>Records what the chat sees now, so a bare "next" or "previous" knows where to go.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The listing words (continue, next) are the store's names since before the port; no VB implementer exists.")]
    void SetCurrent(string chatKey, ListingPage page, ListingPage? next);

    /// <summary>The page <paramref name="token"/> names in this chat, or null when it is unknown or has expired.</summary>
    ListingPage? Find(string chatKey, string token);

    /// <summary>The token of the page the chat would see next, or of the page it sees now.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The listing words (continue, next) are the store's names since before the port; no VB implementer exists.")]
    string? Current(string chatKey, bool next);
}
