using BulletinBot.Charts;
using BulletinBot.Core.Commands;
using BulletinBot.Telegram.Api;
using BulletinBot.Telegram.Rendering;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace BulletinBot.Telegram.Chat;

/// <summary>Sends a rendered reply: each message in HTML parse mode, into the chat's topic when it has one.</summary>
public sealed class ChatReplies(TelegramApiClient client)
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public async Task<Message?> SendAsync(ChatId chat, int? threadId, int? replyTo, Reply reply, CancellationToken cancellationToken)
    {
        if (reply is ChartReply chart)
        {
            return await SendChartAsync(chat, threadId, replyTo, chart, cancellationToken);
        }

        Message? last = null;
        foreach (var message in ReplyRenderer.Render(reply))
        {
            last = await client.SendMessage(chat, message.Html, ParseMode.Html,
                replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
                replyMarkup: message.Keyboard,
                linkPreviewOptions: NoPreview,
                messageThreadId: threadId,
                cancellationToken: cancellationToken);
            replyTo = null;
        }

        return last;
    }

    /// <summary>A chart as a photo (multipart sendPhoto), its title and what it counts as the caption.</summary>
    private async Task<Message> SendChartAsync(ChatId chat, int? threadId, int? replyTo, ChartReply chart, CancellationToken cancellationToken)
    {
        using var png = new MemoryStream(ChartPicture.Png(chart), writable: false);
        return await client.SendPhoto(chat, InputFile.FromStream(png, ChartReply.FileName), ChartCaption.Html(chart), ParseMode.Html,
            replyParameters: replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null,
            messageThreadId: threadId,
            cancellationToken: cancellationToken);
    }

    /// <summary>Replaces a listing in place (a page turned by its buttons).</summary>
    public async Task EditAsync(ChatId chat, int messageId, ListReply list, CancellationToken cancellationToken)
    {
        var message = ReplyRenderer.RenderList(list);
        try
        {
            await client.EditMessageText(chat, messageId, message.Html, ParseMode.Html, message.Keyboard, NoPreview,
                cancellationToken: cancellationToken);
        }
        catch (ApiRequestException exception) when (exception.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            // The same page again (a double tap): nothing to change.
        }
    }
}
