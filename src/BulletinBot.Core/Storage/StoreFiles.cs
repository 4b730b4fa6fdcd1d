using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Storage;

/// <summary>
/// Every file that lives beside a store, named in one place: the LiteDB file itself, LiteDB's log, the lock and owner
/// files of the process that holds it, the owner's local socket, the search index's folder, and the names a damaged
/// store is moved aside to. Built by <see cref="Resolve(IConfiguration, string)"/> from <c>Storage:Path</c>.
/// </summary>
public sealed record StoreFiles(string Store)
{
    /// <summary>Said when <c>Storage:Path</c> is set but empty, by the resolver and by the options' validation alike.</summary>
    public const string EmptyPathMessage =
        "Storage:Path is empty; name the LiteDB file (e.g. data/bulletins.db), or remove the setting for the default in your data folder.";

    private const string SettingKey = StorageOptions.Section + ":" + nameof(StorageOptions.Path);

    /// <summary>A store kept in memory has no files beside it.</summary>
    public bool InMemory => Store == StorageOptions.InMemory;

    /// <summary>The log LiteDB 5 keeps beside the file: "name-log.ext" (bulletins.db → bulletins-log.db).</summary>
    public string Log => LogOf(Store);

    /// <summary>Held with an exclusive lock by the one process that has the store open (<see cref="StoreLock"/>).</summary>
    public string Lock => Store + ".lock";

    /// <summary>Who holds the lock: process id, role and since when.</summary>
    public string Owner => Store + ".owner";

    /// <summary>The local socket through which the owner answers the ask, ingest and health of other processes.</summary>
    public string Socket => Store + ".sock";

    /// <summary>The folder of the persisted search index's segments.</summary>
    public string IndexFolder => Store + ".index";

    /// <summary>Where a damaged store is moved by a rebuild at <paramref name="at"/> (UTC); it is never deleted.</summary>
    public string DamagedAside(DateTime at) => $"{Store}.damaged-{at.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";

    /// <summary>The file name pattern of the stores moved aside, for a search of the store's folder.</summary>
    public string DamagedPattern => Path.GetFileName(Store) + ".damaged-*";

    /// <summary>Where the log of a store moved aside to <paramref name="aside"/> goes with it.</summary>
    public static string DamagedLogOf(string aside) => aside + "-log";

    /// <summary>The log LiteDB keeps beside any file it opens: "name-log.ext".</summary>
    public static string LogOf(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $"{Path.GetFileNameWithoutExtension(path)}-log{Path.GetExtension(path)}");

    /// <summary>
    /// The store a configuration names: <c>Storage:Path</c> from <paramref name="contentRoot"/>, ":memory:" as it is, and
    /// the default in the user's data folder when the setting is absent. An empty setting is refused with one line
    /// naming it (<see cref="OptionsValidationException"/>), before any file is opened or any owner asked.
    /// </summary>
    public static StoreFiles Resolve(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (IsEmptySetting(configuration))
        {
            throw new OptionsValidationException(SettingKey, typeof(StorageOptions), [EmptyPathMessage]);
        }

        return Resolve(configuration[SettingKey], contentRoot);
    }

    /// <summary>The store of an already validated <paramref name="path"/> (null: the default).</summary>
    public static StoreFiles Resolve(string? path, string contentRoot) => new(path switch
    {
        null or "" => StorageOptions.DefaultPath(contentRoot),
        StorageOptions.InMemory => path,
        _ => Path.GetFullPath(path, contentRoot),
    });

    /// <summary>The binder reads an empty value as not set; an empty <c>Storage:Path</c> is a mistake worth naming instead.</summary>
    public static bool IsEmptySetting(IConfiguration configuration) =>
        configuration?[SettingKey] is { } value && value.Trim().Length == 0;
}
