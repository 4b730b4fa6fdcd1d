namespace BulletinBot.Telegram.Tests.Support;

/// <summary>Waits for a condition with a generous deadline, for work that finishes on another task.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not within {timeoutSeconds} s: {what}");
            await Task.Delay(10);
        }
    }
}
