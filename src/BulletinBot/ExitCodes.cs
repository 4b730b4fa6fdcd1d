namespace BulletinBot;

/// <summary>
/// What every verb exits with, and what a running owner answers another process's verb with: the one table of them
/// (the help text and the README say the same).
/// </summary>
internal static class ExitCodes
{
    /// <summary>Answered; an empty result is an answer.</summary>
    public const int Ok = 0;

    /// <summary>Not understood, or not done: a command with an error, a page the ingest skips, a source not read, an unhealthy bot.</summary>
    public const int NotUnderstood = 1;

    /// <summary>A bad setting, named in one line.</summary>
    public const int BadConfiguration = 2;

    /// <summary>The store cannot be opened or used.</summary>
    public const int StorageFailure = 3;

    /// <summary>A service of the running bot failed on an error it could not recover from, and the bot stopped: start it again.</summary>
    public const int ServiceFailed = 4;
}
