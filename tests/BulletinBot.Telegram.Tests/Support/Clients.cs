using BulletinBot.Telegram.Api;
using BulletinBot.Telegram.Tests.Fakes;

namespace BulletinBot.Telegram.Tests.Support;

internal static class Clients
{
    public static TelegramOptions Options(FakeBotApi fake, int pollTimeout = 1) => new()
    {
        BotToken = FakeBotApi.Token,
        ApiBaseUrl = fake.BaseUrl,
        PollTimeoutSeconds = pollTimeout,
        MaxBackoffSeconds = 30,
    };

    public static TelegramApiClient For(TelegramOptions options, TimeProvider time, ListLogger<TelegramApiClient>? logger = null) =>
        new(options, new HttpClient(), time, logger ?? new ListLogger<TelegramApiClient>());
}
