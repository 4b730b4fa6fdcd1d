using BulletinBot.Core.Text;
using System.Collections.Concurrent;
using System.Globalization;
using BulletinBot.Core.Announcing;
using BulletinBot.Core.Chats;
using BulletinBot.Core.Localization;
using BulletinBot.Telegram.Api;
using BulletinBot.Telegram.Rendering;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BulletinBot.Telegram.Delivery;

/// <summary>
/// Core's delivery port for Telegram: an announcement card (one item) or a digest (several) to a chat, a
/// channel (@name or id) or a forum topic (message_thread_id). Telegram's answer becomes Delivered, Refused
/// for good (403, chat not found) or RetryLater (429 with its retry_after, 5xx, network).
/// </summary>
/// <remarks>
/// A long item or digest is several messages. The dispatcher takes one permit per delivery, so the messages after
/// the first are paced here to the chat's own limit (1 a second, 20 a minute in a group or channel), and a delivery
/// that failed part way resumes at the part that failed: a retry never posts the parts already sent again.
/// </remarks>
public sealed class TelegramChatChannel(TelegramApiClient client, TimeProvider time, ILogger<TelegramChatChannel> logger) : IChatChannel
{
    private readonly ChatPacer pacer = new(time, TelegramLimits.Sending);
    private readonly ConcurrentDictionary<string, (int Sent, string? FirstId)> partial = new(StringComparer.Ordinal);

    public string Platform => Platforms.Telegram;

    public DeliveryLimits Limits => TelegramLimits.Sending;

    public async Task<DeliveryResult> SendAsync(Core.Announcing.Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ChatId chat = long.TryParse(delivery.Target.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? new ChatId(id)
            : new ChatId(delivery.Target.ChatId);
        int? thread = int.TryParse(delivery.Target.ThreadId, NumberStyles.None, CultureInfo.InvariantCulture, out var topic) ? topic : null;
        var key = $"{delivery.Target.ChatId}|{delivery.Target.ThreadId}|{delivery.IdempotencyKey}";
        var (done, messageId) = partial.TryGetValue(key, out var progress) ? progress : (0, null);
        try
        {
            var parts = Render(delivery);
            for (var part = done; part < parts.Count; part++)
            {
                await pacer.WaitTurnAsync(delivery.Target.ChatId, cancellationToken);
                var sent = await client.SendMessage(chat, parts[part], ParseMode.Html, messageThreadId: thread,
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: cancellationToken);
                pacer.Sent(delivery.Target.ChatId);
                messageId ??= sent.Id.ToString(CultureInfo.InvariantCulture);
                if (part + 1 < parts.Count)
                {
                    partial[key] = (part + 1, messageId);
                }
            }

            partial.TryRemove(key, out _);
            return new Delivered(messageId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failure = TelegramFailure.Of(exception);
            var reason = client.Redactor.Redact(failure.Description);
            logger.LogWarning("Telegram delivery {Key} to {Chat} failed: {Kind} {Code} {Reason}",
                delivery.IdempotencyKey, delivery.Target.ChatId, failure.Kind, failure.ErrorCode, reason);
            if (failure.Kind == FailureKind.Permanent && IsForGood(failure))
            {
                partial.TryRemove(key, out _);
                return new Refused(reason);
            }

            return new RetryLater(failure.RetryAfter, reason);
        }
    }

    /// <summary>403 (blocked, kicked, no rights) and 400 "chat not found" will not change by retrying.</summary>
    private static bool IsForGood(TelegramFailure failure) =>
        failure.ErrorCode == 403
        || (failure.ErrorCode == 400 && (failure.Description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
            || failure.Description.Contains("thread not found", StringComparison.OrdinalIgnoreCase)
            || failure.Description.Contains("not enough rights", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// One item: the card in full (split if long). Several: one digest of titles, dates and ids. Its words and dates
    /// are in the target's language.
    /// </summary>
    internal static IReadOnlyList<string> Render(Core.Announcing.Delivery delivery)
    {
        var say = BotText.For(delivery.Language);
        if (delivery.Items.Count == 1)
        {
            return ReplyRenderer.RenderItem(delivery.Items[0], say);
        }

        var blocks = delivery.Items.Select(item => HtmlBlock.Raw(
            $"<b>{Html.Escape(TextCut.Shorten(item.Title, 200))}</b>\n"
            + (item.Date is { } day ? $"{Html.Escape(say.Day(day))} · " : "") + $"<code>{Html.Escape(item.ShortId)}</code>"));
        return MessagePacker.Pack([new HtmlBlock(say.DigestHeading(delivery.Items.Count), "<b>", "</b>"), .. blocks]);
    }
}
