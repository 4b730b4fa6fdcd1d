using BulletinBot.Core.Chats;
using System.Globalization;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Search.Query;
using BulletinBot.Telegram.Api;
using BulletinBot.Telegram.Rendering;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.InlineQueryResults;

namespace BulletinBot.Telegram.Chat;

/// <summary>
/// Inline mode: "@Bot words" answers with article results (title, date, snippet; choosing one sends the
/// item), a page at a time. next_offset carries the listing's token, so scrolling down asks for the next page.
/// An empty query lists the latest items. The reader is still typing, so the last word is searched as a
/// prefix (<see cref="SearchQueryParser.PrefixMark"/>) unless the query ends with a space.
/// </summary>
public sealed class InlineAnswerer(TelegramApiClient client, IConversation conversation, BotIdentity identity)
{
    public const int MaxResults = 50;

    public async Task AnswerAsync(InlineQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var botName = await identity.GetNameAsync(cancellationToken);
        var user = query.From.Id.ToString(CultureInfo.InvariantCulture);
        // Its budget was taken at the door.
        var chat = new ChatContext(TelegramUpdateRouter.Platform, $"inline:{user}", ChatKind.Private, user, BotName: botName) { Admitted = true };
        var words = (query.Query ?? "").Trim();
        var text = query.Offset is { Length: > 0 } token && CommandCatalog.IsListingToken(token) ? $"next {token}"
            : words.Length == 0 ? $"latest {CommandCatalog.MaxLatest}"
            : $"search {words}{(char.IsWhiteSpace(query.Query![^1]) ? "" : SearchQueryParser.PrefixMark)}";

        var reply = await conversation.AnswerAsync(text, chat, cancellationToken);
        var results = new List<InlineQueryResult>();
        var nextOffset = "";
        if (reply is ListReply list)
        {
            foreach (var card in list.Cards.Take(MaxResults))
            {
                results.Add(await ArticleAsync(card, chat, cancellationToken));
            }

            nextOffset = list.Page.Next?.Argument ?? "";
        }
        else if (reply is ErrorReply error)
        {
            results.Add(new InlineQueryResultArticle("problem", Clip(error.Problem, 100),
                new InputTextMessageContent(ReplyRenderer.RenderError(error)) { ParseMode = ParseMode.Html })
            {
                Description = Clip(error.Hint, 200),
            });
        }

        await client.AnswerInlineQuery(query.Id, results, cacheTime: 10, isPersonal: true, nextOffset: nextOffset,
            cancellationToken: cancellationToken);
    }

    private async Task<InlineQueryResultArticle> ArticleAsync(BulletinCard card, ChatContext chat, CancellationToken cancellationToken)
    {
        // The message a person sends by choosing the result is the item itself (its first message when long).
        var item = await conversation.AnswerAsync(card.Show.CommandText, chat, cancellationToken);
        var html = item is ItemReply whole ? ReplyRenderer.RenderItem(whole.Item)[0] : $"<b>{Html.Escape(Clip(card.Title.PlainText, 200))}</b>";
        var date = card.Date is { } day ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " · " : "";
        return new InlineQueryResultArticle(card.ShortId, Clip(card.Title.PlainText, 200),
            new InputTextMessageContent(html) { ParseMode = ParseMode.Html, LinkPreviewOptions = new LinkPreviewOptions { IsDisabled = true } })
        {
            Description = Clip(date + card.Snippet.PlainText, 200),
        };
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
