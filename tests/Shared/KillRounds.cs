using System.Globalization;

namespace BulletinBot.TestPages;

/// <summary>
/// How many times the kill tests kill the host: 5 by default, BULLETINBOT_KILL_ROUNDS for a longer run by hand; and the
/// seed of their random moments, BULLETINBOT_KILL_SEED to replay a failed run (every failure message names its seed).
/// </summary>
public static class KillRounds
{
    public const int Default = 5;

    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("BULLETINBOT_KILL_ROUNDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds > 0
            ? rounds
            : Default;

    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("BULLETINBOT_KILL_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Environment.TickCount & 0x7fffffff;
}
