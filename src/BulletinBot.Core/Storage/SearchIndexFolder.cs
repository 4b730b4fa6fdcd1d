namespace BulletinBot.Core.Storage;

/// <summary>
/// Where this process keeps its persisted search index, or null for an index in memory alone (a store in memory,
/// or one opened for reading only). For a store file it is the folder beside it; for a store on a database server
/// it is a folder on this replica's own disk (<c>Storage:IndexPath</c>).
/// </summary>
public sealed record SearchIndexFolder(string? Path);
