using BulletinBot.Core.Text;
using BulletinBot.Core.Commands;
using BulletinBot.Telegram.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Chat;

/// <summary>
/// Registers the command menu from the catalog with setMyCommands at start: in English as the default and,
/// for language_code "es", with the Spanish descriptions. A refusal is logged and the bot goes on without it.
/// </summary>
public sealed class CommandMenu(TelegramApiClient client, ILogger<CommandMenu> logger) : BackgroundService
{
    public static IReadOnlyList<BotCommand> Commands(bool spanish) =>
    [
        .. CommandCatalog.All.Where(spec => spec.ListedInMenus).Select(spec => new BotCommand
        {
            Command = spec.Name,
            Description = Describe(spanish ? spec.DescriptionEs : spec.Description),
        }),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var (language, spanish) in new[] { ((string?)null, false), ("es", true) })
        {
            try
            {
                await client.SetMyCommands(Commands(spanish), languageCode: language, cancellationToken: stoppingToken);
                logger.LogInformation("Telegram command menu set ({Language})", language ?? "default");
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Telegram refused the command menu ({Language}): {Error}; going on without it",
                    language ?? "default", client.Redactor.Redact(exception.Message));
            }
        }
    }

    /// <summary>Telegram allows 1 to 256 characters.</summary>
    private static string Describe(string text) => TextCut.Shorten(text, 256);
}
