using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Localization;
using BulletinBot.Core.Search.Query;

namespace BulletinBot.Core.Commands;

/// <summary>A listing's <c>source:name</c> (<see cref="SourceSyntax"/>) resolved against the configured sources.</summary>
internal static class SourceFilter
{
    /// <summary>
    /// The store's name of the source <paramref name="name"/> names (null for no filter), or the one-line answer to a
    /// name no configured source has, which lists those that are.
    /// </summary>
    public static ErrorReply? Resolve(SourceDirectory? sources, string? name, BotText say, out NamedSource? source)
    {
        source = null;
        if (name is null)
        {
            return null;
        }

        if (name.Length == 0)
        {
            return new ErrorReply(say.SourceNameMissing, say.SourceUnknownHint(sources?.Names ?? string.Empty));
        }

        source = sources?.Find(name);
        return source is null
            ? new ErrorReply(say.SourceUnknown(Listings.Shorten(name, 40)), say.SourceUnknownHint(sources?.Names ?? string.Empty))
            : null;
    }

    /// <summary>The heading, with the source beside it when the listing is narrowed to one.</summary>
    public static string Heading(string heading, NamedSource? source, BotText say) => source is null ? heading : say.FromSource(heading, source.Name);
}
