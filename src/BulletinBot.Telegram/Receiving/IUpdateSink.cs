using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Receiving;

/// <summary>Where a received update goes, by polling or by webhook.</summary>
public interface IUpdateSink
{
    Task HandleAsync(Update update, CancellationToken cancellationToken);
}
