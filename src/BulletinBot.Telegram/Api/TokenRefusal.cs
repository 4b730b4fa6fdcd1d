namespace BulletinBot.Telegram.Api;

/// <summary>
/// Telegram's answer that the token itself is wrong or revoked (401 Unauthorized, 403 Forbidden): no retry can
/// help, so the receivers stop and say which setting to fix.
/// </summary>
public static class TokenRefusal
{
    /// <summary>The one line for a refused token, or null when <paramref name="exception"/> is any other failure.</summary>
    public static string? Of(Exception exception) => TelegramFailure.Of(exception) switch
    {
        { Kind: FailureKind.Permanent, ErrorCode: 401 } => Line("401 Unauthorized"),
        { Kind: FailureKind.Permanent, ErrorCode: 403 } => Line("403 Forbidden"),
        _ => null,
    };

    private static string Line(string status) =>
        $"Telegram:BotToken was refused by Telegram ({status}). Set a valid token (the one BotFather gave).";
}
