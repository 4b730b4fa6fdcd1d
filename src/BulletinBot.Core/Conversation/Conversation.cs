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
    // Who has been told they are over budget. Admission and this set change together, under one lock:
    // an admission that raced a refusal could otherwise clear the mark just set and have a flood told twice.
    private readonly Lock _gate = new();
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

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

        // Told once; after that a flood is dropped without a word until the budget refills.
        return Admit(chat, out var firstRefusal)
            ? await AnswerAdmittedAsync(command, chat, cancellationToken)
            : firstRefusal ? TooFast : null;
    }

    public async Task<Reply> AnswerAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(chat);

        // A typed command (a slash command) must be answered, so it is told every time.
        return Admit(chat, out _) ? await AnswerAdmittedAsync(command, chat, cancellationToken) : TooFast;
    }

    public void Dispose() => _limiter.Dispose();

    private static ErrorReply TooFast { get; } = new("You are sending commands faster than I answer them.", "Wait a minute, then try again.");

    /// <summary>Whether the sender is within budget; when not, whether this is their first refusal since their last admission.</summary>
    private bool Admit(ChatContext chat, out bool firstRefusal)
    {
        firstRefusal = false;
        if (chat.Platform == ChatContext.Terminal.Platform)
        {
            return true;
        }

        lock (_gate)
        {
            using var lease = _limiter.AttemptAcquire(chat.SenderKey);
            if (lease.IsAcquired)
            {
                _warned.Remove(chat.SenderKey);
                return true;
            }

            firstRefusal = _warned.Add(chat.SenderKey);
            return false;
        }
    }

    private async Task<Reply> AnswerAdmittedAsync(Command command, ChatContext chat, CancellationToken cancellationToken)
    {
        try
        {
            return await _handler.HandleAsync(command, chat, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (Storage.StoreDamage.Classify(exception) is { } damage)
            {
                // A one-shot question has nobody to go on serving: its verb exits with the store's code and this one line.
                if (chat == ChatContext.OneShot)
                {
                    throw damage;
                }

                // One line, not LiteDB's stack: every later command meets the same damage until the operator rebuilds.
                _logger.LogError("Answering {Command} in {Chat} failed: Storage error: {Damage}", command.GetType().Name, chat.Key, damage.Message);
                return chat.Platform == ChatContext.Terminal.Platform
                    ? new ErrorReply($"Storage error: {damage.Message}", string.Empty)
                    : new ErrorReply("The bot's store is damaged, so it cannot answer.", "Its operator has to stop it and run \"BulletinBot rebuild\".");
            }

            _logger.LogError(exception, "Answering {Command} in {Chat} failed", command.GetType().Name, chat.Key);
            return new ErrorReply("Something went wrong answering that.", "Try again in a moment; if it keeps happening, tell the bot's operator.");
        }
    }
}
