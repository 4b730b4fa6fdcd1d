using System.ComponentModel.DataAnnotations;

namespace BulletinBot.Core.Conversation;

public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>How many commands one person may send a minute; past it they are told once, then ignored until the window passes.</summary>
    [Range(1, 10_000, ErrorMessage = "Conversation:CommandsPerMinute must be between 1 and 10000.")]
    public int CommandsPerMinute { get; set; } = 60;
}
