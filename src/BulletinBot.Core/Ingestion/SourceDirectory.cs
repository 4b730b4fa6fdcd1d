using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Ingestion;

/// <summary>One configured source as readers name it: its short <paramref name="Name"/> and the name the store knows it by (<paramref name="Origin"/>).</summary>
public sealed record NamedSource(string Name, string Origin);

/// <summary>
/// The configured sources by their short names, for the sources command and <c>source:name</c> filters. A name is
/// short and stable: the seeds folder's name (<c>seeds</c> for the pages built in), and for a web source its
/// <c>ShortName</c> setting, else its URL's host without "www.". Items record the store's name of their source
/// (<see cref="Bulletins.Bulletin.Origin"/>), so a short name may be changed without touching the store.
/// </summary>
public sealed partial class SourceDirectory
{
    private readonly Dictionary<string, NamedSource> _byName = new(StringComparer.OrdinalIgnoreCase);

    public SourceDirectory(IEnumerable<IBulletinSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var all = new List<NamedSource>();
        foreach (var source in sources)
        {
            var named = new NamedSource(source.ShortName, source.Name);
            if (_byName.TryAdd(named.Name, named))
            {
                all.Add(named);
            }
        }

        All = all;
    }

    /// <summary>Every configured source, in the order they are read.</summary>
    public IReadOnlyList<NamedSource> All { get; }

    /// <summary>The source a reader named, in any case; null when none is named so.</summary>
    public NamedSource? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>The short name of the source the store knows as <paramref name="origin"/>; null when it is not configured now.</summary>
    public string? NameOf(string? origin) => origin is null ? null : All.FirstOrDefault(s => s.Origin == origin)?.Name;

    /// <summary>"seeds, example.org": the known names, for an answer to an unknown one.</summary>
    public string Names => string.Join(", ", All.Select(s => s.Name));

    /// <summary>The characters a short name may hold, so that <c>source:name</c> is one word.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,39}$")]
    internal static partial Regex ValidName();

    /// <summary>A web source's short name: its setting, else its URL's host without "www.".</summary>
    public static string NameOf(HttpSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ShortName is { } configured)
        {
            return configured.Trim().ToLowerInvariant();
        }

        return Clean(HostOf(options.Url));
    }

    /// <summary>
    /// Names the web sources that have no <c>ShortName</c>: each by its host, and where several share a host (two
    /// listings of one site), each by its host and the last part of its path ("example.org-usa", "example.org-105"),
    /// so that a site's sources need no setting to be told apart.
    /// </summary>
    public static void NameUnnamed(IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var unnamed = options.Sources.Where(s => s.ShortName is null && s.Url is { Length: > 0 }).ToList();
        foreach (var sameHost in unnamed.GroupBy(s => HostOf(s.Url), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var source in sameHost)
            {
                var host = Clean(sameHost.Key);
                var last = Uri.TryCreate(source.Url, UriKind.Absolute, out var uri)
                    ? uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()
                    : null;
                var name = last is null ? host : Joined(host, Clean(last.ToLowerInvariant()));

                // Same host and same last part (two ports, two queries): numbered in their order.
                var numbered = name;
                for (var n = 2; !given.Add(numbered); n++)
                {
                    numbered = Joined(name, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                source.ShortName = numbered;
            }
        }
    }

    /// <summary>"head-tail" within the 40 characters a name may have, shortening the head.</summary>
    private static string Joined(string head, string tail) =>
        Clean((head.Length + tail.Length + 1 > 40 ? head[..Math.Max(1, 39 - tail.Length)] : head) + "-" + tail);

    private static string HostOf(string url)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.ToLowerInvariant() : url;
        return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
    }

    /// <summary>A seeds folder's short name: the folder's own name, made one lower-case word.</summary>
    public static string NameOfFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        return Clean(name.Length == 0 ? "seeds" : name.ToLowerInvariant());
    }

    private static string Clean(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? char.ToLowerInvariant(c) : '-');
        }

        var cleaned = text.ToString().Trim('-', '.', '_');
        cleaned = cleaned.Length > 40 ? cleaned[..40] : cleaned;
        return cleaned.Length == 0 ? "source" : cleaned;
    }
}

/// <summary>
/// Refuses two sources with one short name, or a <c>ShortName</c> that is not one word, at start: a
/// <c>source:name</c> filter must name one source.
/// </summary>
internal sealed class SourceNamesValidator(IHostEnvironment environment) : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var seeds = options.SeedsPath is { Length: > 0 } folder
            ? SourceDirectory.NameOfFolder(Path.GetFullPath(folder, environment.ContentRootPath))
            : "seeds";
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [seeds] = "the seeds folder" };
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            if (source.ShortName is { } configured && !SourceDirectory.ValidName().IsMatch(configured.Trim().ToLowerInvariant()))
            {
                return ValidateOptionsResult.Fail(
                    $"Ingestion:Sources:{i}:ShortName \"{configured}\" is not one word: use up to 40 of a-z 0-9 . _ - (like news or example.org).");
            }

            var shortName = SourceDirectory.NameOf(source);
            if (!taken.TryAdd(shortName, $"Ingestion:Sources:{i}"))
            {
                return ValidateOptionsResult.Fail(
                    $"Ingestion:Sources:{i} and {taken[shortName]} are both named \"{shortName}\"; give one a ShortName of its own (Ingestion:Sources:{i}:ShortName).");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
