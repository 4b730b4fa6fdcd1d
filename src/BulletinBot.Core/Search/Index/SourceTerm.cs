namespace BulletinBot.Core.Search.Index;

/// <summary>
/// An item's source kept in the index as a term of its own (<c>source:</c> filters read its postings). It starts with a
/// control character no analysed word holds, so no word, prefix or typo ever reaches it: a typo is forgiven after the
/// first letter only, and a typed prefix starts with a letter.
/// </summary>
internal static class SourceTerm
{
    public const char Marker = '\u0001';

    public static string Of(string origin) => Marker + origin;
}
