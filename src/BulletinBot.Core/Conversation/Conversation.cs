using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using BulletinBot.Core.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Conversation;

/// <summary>
/// The one chat loop behind every adapter: parses text with the command catalog's grammar and
/// answers it. Each person gets a budget of commands a minute, so one flooding user cannot slow the
/// bot for the others; a command that fails answers with an error and leaves the chat alive.
/// </summary>
public sealed class ChatConversation : IConversation, IDisposable
{
    private readonly CommandHandler _handler;
    private readonly ILogger<ChatConversation> _logger;
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    public ChatConversation(CommandHandler handler, ILogger<ChatConversation> logger, IOptions<ConversationOptions>? options = null)
    {
        _handler = handler;
        _logger = logger;
        var perMinute = options?.Value.CommandsPerMinute ?? new ConversationOptions().CommandsPerMinute;
        // A third of the minute's budget at once, refilled every second: the limiter refills on its own
        // timer, which ticks no faster than that, so the refill is sized to the second.
        var perSecond = Math.Max(1, perMinute / 60);
        _limiter = PartitionedRateLimiter.Create<string, string>(sender => RateLimitPartition.GetTokenBucketLimiter(sender, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perMinute / 3),
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * perSecond / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public async Task<Reply?> AnswerAsync(string text, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var command = CommandParser.Parse(text, chat.BotName);
        if (command is null)
        {
            return null;
        }

        if (!Admit(chat))
        {
            // Told once; after that a flood is dropped without a word until the budget refills.
            return _warned.TryAdd(chat.SenderKey, true) ? TooFast : null;
        }

        return await AnswerAdmittedAsync(command, chat, cancellationToken);
    }

    public async Task<Reply> AnswerAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chat);

        // A typed command (a slash command) must be answered, so it is told every time.
        return Admit(chat) ? await AnswerAdmittedAsync(command, chat, cancellationToken) : TooFast;
    }

    public void Dispose() => _limiter.Dispose();

    private static ErrorReply TooFast { get; } = new("You are sending commands faster than I answer them.", "Wait a minute, then try again.");

    private bool Admit(ChatContext chat)
    {
        if (chat.Platform == ChatContext.Terminal.Platform)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(chat.SenderKey);
        if (lease.IsAcquired)
        {
            _warned.TryRemove(chat.SenderKey, out _);
        }

        return lease.IsAcquired;
    }

    private async Task<Reply> AnswerAdmittedAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        try
        {
            return await _handler.HandleAsync(command, chat, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Answering {Command} in {Chat} failed", command.GetType().Name, chat.Key);
            return new ErrorReply("Something went wrong answering that.", "Try again in a moment; if it keeps happening, tell the bot's operator.");
        }
    }
}
