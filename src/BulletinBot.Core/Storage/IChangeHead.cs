namespace BulletinBot.Core.Storage;

/// <summary>
/// The newest change number this process has been told of, known without asking the store: for a store shared by
/// several processes, whose other writers announce their commits. A follower of the change sequence (the search
/// index) catches up only when this is above what it holds, instead of asking the store before every read.
/// </summary>
public interface IChangeHead
{
    /// <summary>The newest change number known; null while nothing is known yet, and the follower must ask the store.</summary>
    long? Known { get; }
}
