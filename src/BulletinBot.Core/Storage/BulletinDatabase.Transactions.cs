namespace BulletinBot.Core.Storage;

/// <summary>How every component reads and writes the file: guarded against damage, and in transactions.</summary>
public sealed partial class BulletinDatabase
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction of this thread: committed when it returns, rolled back
    /// (and the exception rethrown) when it throws. Inside a transaction this thread already holds, it joins
    /// that one and leaves the commit or rollback to its owner. Nothing here waits for the disk: a caller whose
    /// commit the outside world acts on calls <see cref="WaitDurable"/> after it.
    /// </summary>
    public T InTransaction<T>(Func<T> work) => InTransaction(work, out _);

    /// <inheritdoc cref="InTransaction{T}(Func{T})"/>
    /// <returns>False when it joined a transaction this thread already held, which its owner commits.</returns>
    public bool InTransaction(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        InTransaction(
            () =>
            {
                work();
                return true;
            },
            out var own);
        return own;
    }

    private T InTransaction<T>(Func<T> work, out bool own)
    {
        ArgumentNullException.ThrowIfNull(work);
        var db = Database;
        own = db.BeginTrans();
        if (!own)
        {
            return work();
        }

        try
        {
            var result = work();
            db.Commit();
            return result;
        }
        catch
        {
            db.Rollback();
            throw;
        }
    }

    /// <summary>
    /// Runs one read or write of the file. Damage met there is recorded with the database and thrown as a
    /// <see cref="StoreDamagedException"/>; after that the file is not read again, and every call is refused the same way.
    /// </summary>
    internal T Guarded<T>(Func<T> access)
    {
        if (Damage is { } known)
        {
            throw known;
        }

        try
        {
            return access();
        }
        catch (Exception exception) when (exception is not StoreDamagedException && Damaged(exception) is { } damage)
        {
            throw damage;
        }
    }
}
