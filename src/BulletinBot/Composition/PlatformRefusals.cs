using BulletinBot.Core.Conversation;

namespace BulletinBot.Composition;

/// <summary>
/// Watches every platform for a refused token. When no platform is left, the process has no use: it stops, and
/// <see cref="Fatal"/> holds the line the command line prints (exit 2). While another platform runs it stays up,
/// and health names the refused one.
/// </summary>
internal sealed class PlatformRefusals(
    IEnumerable<IPlatformStatus> platforms,
    IHostApplicationLifetime lifetime,
    ILogger<PlatformRefusals> logger) : BackgroundService
{
    private volatile string? _fatal;

    public string? Fatal => _fatal;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = platforms.OfType<PlatformConnection>().Select(c => c.Refusal).ToList();
        var refused = new List<string>();
        while (pending.Count > 0)
        {
            var done = await Task.WhenAny(pending).WaitAsync(stoppingToken);
            pending.Remove(done);
            refused.Add(await done);
            if (pending.Count > 0)
            {
                logger.LogError("{Refusal} The other platforms run on; health fails until it is fixed.", await done);
            }
        }

        if (refused.Count > 0)
        {
            _fatal = string.Join(" ", refused);
            lifetime.StopApplication();
        }
    }
}

/// <summary>A platform refused the bot's token and no platform is left: the message names the setting.</summary>
internal sealed class PlatformRefusedException : Exception
{
    public PlatformRefusedException(string message)
        : base(message)
    {
    }

    public PlatformRefusedException()
    {
    }

    public PlatformRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
