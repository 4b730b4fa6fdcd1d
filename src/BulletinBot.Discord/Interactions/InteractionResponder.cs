using System.Text.Json;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Discord.Rendering;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord.Interactions;

/// <summary>
/// Answers slash commands, buttons and autocomplete. Discord allows 3 seconds for the first answer: a reply ready
/// within <see cref="DeferAfter"/> goes out at once (type 4, or 7 for paging buttons); a slower one is deferred
/// (type 5 or 6) and then written into the original message.
/// </summary>
public sealed class InteractionResponder(
    DiscordRestClient rest,
    IConversation conversation,
    IAutocomplete autocomplete,
    TimeProvider time,
    ILogger<InteractionResponder> logger)
{
    public static readonly TimeSpan DeferAfter = TimeSpan.FromSeconds(2);

    public async Task RespondAsync(JsonElement data, CancellationToken cancellationToken)
    {
        var interaction = Interaction.Parse(data);
        switch (interaction.Type)
        {
            case Interaction.ApplicationCommand:
                var command = CommandCatalog.Create(interaction.CommandName ?? "", interaction.Options.Values.FirstOrDefault());
                await AnswerAsync(interaction, conversation.AnswerAsync(command, interaction.Chat, cancellationToken), update: false, cancellationToken);
                break;
            case Interaction.MessageComponent:
                var text = interaction.CustomId ?? "";
                // Paging buttons turn the listing's page in place; "show" posts the item below it.
                var update = text.StartsWith("next ", StringComparison.Ordinal) || text.StartsWith("previous ", StringComparison.Ordinal);
                await AnswerAsync(interaction, AnswerTextAsync(text, interaction.Chat, cancellationToken), update, cancellationToken);
                break;
            case Interaction.Autocomplete:
                await SuggestAsync(interaction, cancellationToken);
                break;
            default:
                logger.LogDebug("Ignored Discord interaction type {Type}", interaction.Type);
                break;
        }
    }

    private async Task<Reply> AnswerTextAsync(string text, ChatContext chat, CancellationToken cancellationToken) =>
        await conversation.AnswerAsync(text, chat, cancellationToken)
        ?? new ErrorReply("That button no longer works.", "Run the command again.");

    private async Task AnswerAsync(Interaction interaction, Task<Reply> answering, bool update, CancellationToken cancellationToken)
    {
        var fromButton = interaction.Type == Interaction.MessageComponent;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = await Task.WhenAny(answering, Task.Delay(DeferAfter, time, deadline.Token));
        await deadline.CancelAsync();
        if (first == answering)
        {
            var reply = await answering;
            if (reply is ErrorReply error && fromButton)
            {
                // An expired listing or a vanished item: tell only the person who pressed, and leave the message be.
                await CallbackAsync(interaction, new InteractionCallback(InteractionCallback.ChannelMessage, DiscordRenderer.Error(error, ephemeral: true)), cancellationToken);
                return;
            }

            var messages = DiscordRenderer.Render(reply);
            await CallbackAsync(interaction, new InteractionCallback(update ? InteractionCallback.UpdateMessage : InteractionCallback.ChannelMessage, messages[0]), cancellationToken);
            await FollowUpAsync(interaction, messages.Skip(1), cancellationToken);
            return;
        }

        logger.LogInformation("Deferred the answer to Discord interaction {InteractionId}", interaction.Id);
        await CallbackAsync(interaction, new InteractionCallback(update ? InteractionCallback.DeferredUpdateMessage : InteractionCallback.DeferredChannelMessage), cancellationToken);
        var late = await answering;
        if (late is ErrorReply lateError && fromButton)
        {
            await FollowUpAsync(interaction, [DiscordRenderer.Error(lateError, ephemeral: true)], cancellationToken);
            return;
        }

        var rendered = DiscordRenderer.Render(late);
        var edit = DiscordRequest.EditOriginal(interaction.ApplicationId, interaction.Token, rendered[0]);
        (await rest.SendAsync(edit, cancellationToken)).EnsureSuccess(edit.Route);
        await FollowUpAsync(interaction, rendered.Skip(1), cancellationToken);
    }

    private async Task SuggestAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var command = interaction.CommandName ?? "";
        var option = interaction.FocusedOption ?? "";
        IReadOnlyList<AutocompleteChoice> choices = SlashCommands.Autocompletes(command, option)
            ? autocomplete.Suggest(command, interaction.Options.GetValueOrDefault(option, ""))
            : [];
        await CallbackAsync(interaction, new InteractionCallback(InteractionCallback.AutocompleteResult, new AutocompleteChoices(choices)), cancellationToken);
    }

    private async Task CallbackAsync(Interaction interaction, InteractionCallback callback, CancellationToken cancellationToken)
    {
        var request = DiscordRequest.InteractionCallback(interaction.Id, interaction.Token, callback);
        (await rest.SendAsync(request, cancellationToken)).EnsureSuccess(request.Route);
    }

    private async Task FollowUpAsync(Interaction interaction, IEnumerable<DiscordMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            var request = DiscordRequest.Followup(interaction.ApplicationId, interaction.Token, message);
            (await rest.SendAsync(request, cancellationToken)).EnsureSuccess(request.Route);
        }
    }
}
