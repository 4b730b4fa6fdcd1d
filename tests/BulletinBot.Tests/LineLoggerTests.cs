using BulletinBot.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Tests;

/// <summary>The one-shot verbs' logger: one line per entry, whatever the message or exception holds, filtered by the Logging settings.</summary>
public sealed class LineLoggerTests
{
    [Fact]
    public void Each_entry_is_one_line_with_its_time_level_and_category_and_a_multi_line_exception_stays_on_it()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 1, 2, 3, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var output = new StringWriter();
        using var factory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddProvider(new LineLoggerProvider(output, time)));
        var logger = factory.CreateLogger("BulletinBot.Store");

        logger.LogInformation("not shown");
        logger.LogWarning("first\nsecond");
        logger.LogError(new InvalidOperationException("broken\nbadly"), "Failed {Thing}", "reading");

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("01:02:03 warn: BulletinBot.Store[0] first second", lines[0]);
        Assert.StartsWith("01:02:03 fail: BulletinBot.Store[0] Failed reading System.InvalidOperationException: broken badly", lines[1], StringComparison.Ordinal);
    }
}
