using System.Diagnostics;
using LiteDB;

namespace BulletinBot.Core.Storage;

/// <summary>The store's file is damaged: what LiteDB read from it makes no sense. Only a rebuild helps.</summary>
public sealed class StoreDamagedException(string message, Exception? inner = null) : StorageException(message, inner);

/// <summary>
/// The one place that decides whether an exception means the store's file is damaged. LiteDB 5 meets a damaged page
/// only when it reads it, and then throws whatever its code trips over (its own LiteException, but also
/// KeyNotFoundException, InvalidCastException, IndexOutOfRangeException, NullReferenceException, EndOfStreamException…),
/// so the test is where the exception was thrown: inside LiteDB, or on a value LiteDB decoded.
/// </summary>
public static class StoreDamage
{
    private static readonly System.Reflection.Assembly Engine = typeof(LiteDatabase).Assembly;

    /// <summary>What a user is told, after "Storage error: ".</summary>
    public static string Message(string? path, string detail) =>
        $"the store {(path is null ? string.Empty : path + " ")}is damaged ({detail}). Stop the bot and run \"BulletinBot rebuild\": it moves the file aside and keeps every item it can read.";

    /// <summary>
    /// The damage <paramref name="exception"/> stands for, or null when it is something else (a cancellation, a full
    /// disk, a bug of ours). A <see cref="StoreDamagedException"/> is returned as it is.
    /// </summary>
    public static StoreDamagedException? Classify(Exception? exception, string? path = null)
    {
        switch (exception)
        {
            case null or OperationCanceledException or ObjectDisposedException or OutOfMemoryException:
                return null;
            case StoreDamagedException damaged:
                return damaged;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.Select(e => Classify(e, path)).FirstOrDefault(d => d is not null);
            case LiteException lite when !IsUsage(lite):
                return new StoreDamagedException(Message(path, Detail(lite)), lite);
            case LiteException:
                return null;
            case IOException and not EndOfStreamException:
                // A full disk or a lost mount is not damage: the file may be whole.
                return null;
            case StorageException:
                return null;
        }

        if (ThrownInsideEngine(exception))
        {
            return new StoreDamagedException(Message(path, Detail(exception)), exception);
        }

        return exception.InnerException is { } inner ? Classify(inner, path) : null;
    }

    /// <summary>LiteDB errors that say the caller asked wrongly, not that the file is bad.</summary>
    private static bool IsUsage(LiteException exception) =>
        exception.Message.Contains("disposed", StringComparison.OrdinalIgnoreCase) // a store closed under its caller
        || exception.ErrorCode is
        LiteException.INDEX_DUPLICATE_KEY or LiteException.LOCK_TIMEOUT or LiteException.ALREADY_OPEN_DATAFILE
        or LiteException.INVALID_TRANSACTION_STATE or LiteException.COLLECTION_LIMIT_EXCEEDED
        or LiteException.ENGINE_DISPOSED or LiteException.INVALID_PASSWORD or LiteException.NOT_ENCRYPTED;

    private static bool ThrownInsideEngine(Exception exception)
    {
        if (exception.TargetSite?.DeclaringType?.Assembly == Engine)
        {
            return true;
        }

        // The innermost frame with a method says where it was thrown; a BCL collection or stream thrown from under LiteDB counts.
        var frames = new StackTrace(exception, fNeedFileInfo: false).GetFrames();
        foreach (var frame in frames)
        {
            var assembly = frame.GetMethod()?.DeclaringType?.Assembly;
            if (assembly is null || assembly == typeof(object).Assembly)
            {
                continue;
            }

            return assembly == Engine;
        }

        return false;
    }

    private static string Detail(Exception exception)
    {
        var line = exception.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        if (line.Length > 160)
        {
            line = line[..160] + "…";
        }

        return exception is LiteException ? line : $"{exception.GetType().Name}: {line}";
    }
}
