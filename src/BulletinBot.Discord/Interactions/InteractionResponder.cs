using BulletinBot.Core.Chats;
using System.Text.Json;
using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Discord.Rendering;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using BulletinBot.Core.Localization;

namespace BulletinBot.Discord.Interactions;

/// <summary>
/// Answers slash commands, buttons and autocomplete. Discord allows 3 seconds for the first answer: a reply ready
/// within <see cref="DeferAfter"/> goes out at once (type 4, or 7 for paging buttons); a slower one is deferred
/// (type 5 or 6) and then written into the original message.
/// A command's budget is taken at the door (<see cref="Admit"/>) as the interaction arrives: a sender over budget is
/// told once a minute, ephemerally, and the rest of a flood is not answered at all, which Discord shows its sender as
/// an interaction that did not respond; answering each would only spend requests on the flood.
/// </summary>
public sealed class InteractionResponder(
    DiscordRestClient rest,
    IConversation conversation,
    IAutocomplete autocomplete,
    TimeProvider time,
    ILogger<InteractionResponder> logger,
    CommandBudget? budget = null)
{
    public static readonly TimeSpan DeferAfter = TimeSpan.FromSeconds(2);

    /// <summary>At the door: takes a command's (or a button's) budget. Autocomplete costs nothing; it comes a keystroke at a time.</summary>
    public Admission Admit(JsonElement data)
    {
        Interaction interaction;
        try
        {
            interaction = Interaction.Parse(data);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Not readable: answering it reports that.
            return Admission.Admitted;
        }

        var admission = budget is not null && interaction.Type is Interaction.ApplicationCommand or Interaction.MessageComponent
            ? budget.Admit(interaction.Chat)
            : Admission.Admitted;
        if (admission == Admission.RefusedAndTold)
        {
            logger.LogInformation("Discord channel {ChannelId}: sender {Sender} is over the command budget; told once, then not answered for a minute",
                interaction.ChannelId, interaction.Chat.SenderKey);
        }

        return admission;
    }

    /// <summary>Answers an interaction whose budget the conversation takes (nothing was taken at the door).</summary>
    public Task RespondAsync(JsonElement data, CancellationToken cancellationToken) => RespondAsync(data, admission: null, cancellationToken);

    /// <summary>Answers an interaction that passed <see cref="Admit"/> with <paramref name="admission"/>.</summary>
    public async Task RespondAsync(JsonElement data, Admission? admission, CancellationToken cancellationToken)
    {
        var interaction = Interaction.Parse(data);
        if (admission is Admission.RefusedAndTold or Admission.Refused)
        {
            await CallbackAsync(interaction, new InteractionCallback(InteractionCallback.ChannelMessage,
                DiscordRenderer.Error(ChatConversation.TooFastIn(interaction.Chat.Language), ephemeral: true)), cancellationToken);
            return;
        }

        var chat = admission is Admission.Admitted ? interaction.Chat with { Admitted = true } : interaction.Chat;
        switch (interaction.Type)
        {
            case Interaction.ApplicationCommand:
                var command = CommandCatalog.Create(interaction.CommandName ?? "", interaction.Options.Values.FirstOrDefault());
                await AnswerAsync(interaction, conversation.AnswerAsync(command, chat, cancellationToken), update: false, cancellationToken);
                break;
            case Interaction.MessageComponent:
                var text = interaction.CustomId ?? "";
                // Paging buttons turn the listing's page in place; "show" posts the item below it.
                var update = text.StartsWith("next ", StringComparison.Ordinal) || text.StartsWith("previous ", StringComparison.Ordinal);
                await AnswerAsync(interaction, AnswerTextAsync(text, chat, cancellationToken), update, cancellationToken);
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
        ?? new ErrorReply(BotText.For(chat).ButtonGone, string.Empty) { Language = chat.Language };

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
            await CallbackAsync(interaction, new InteractionCallback(update ? InteractionCallback.UpdateMessage : InteractionCallback.ChannelMessage, messages[0]), cancellationToken,
                ChartMessage.Files(reply));
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
        var edit = DiscordRequest.EditOriginal(interaction.ApplicationId, interaction.Token, rendered[0]) with { Files = ChartMessage.Files(late) };
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

    private async Task CallbackAsync(Interaction interaction, InteractionCallback callback, CancellationToken cancellationToken, IReadOnlyList<DiscordFile>? files = null)
    {
        var request = DiscordRequest.InteractionCallback(interaction.Id, interaction.Token, callback) with { Files = files ?? [] };
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
