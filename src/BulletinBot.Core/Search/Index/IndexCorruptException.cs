namespace BulletinBot.Core.Search.Index;

/// <summary>A segment file or manifest that fails its checksum, version or structure checks.</summary>
public sealed class IndexCorruptException(string message, Exception? inner = null) : Exception(message, inner);
