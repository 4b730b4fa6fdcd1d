using BulletinBot.Core.Chats;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

public sealed class AnnouncementOptions
{
    public const string Section = "Announcements";

    /// <summary>Channels that announce every new item (or those matching their filter), set by the operator.</summary>
    [ValidateEnumeratedItems]
    public List<TargetOptions> Targets { get; set; } = [];

    /// <summary>Whether the first run's load of the sources is announced; by default it only fills the archive.</summary>
    public bool AnnounceBackfill { get; set; }

    /// <summary>Whether an item whose text changed is announced again.</summary>
    public bool AnnounceEdits { get; set; }

    /// <summary>More pending items than this for one target go out as one digest message.</summary>
    [Range(1, 100, ErrorMessage = "Announcements:DigestThreshold must be between 1 and 100.")]
    public int DigestThreshold { get; set; } = 5;

    /// <summary>How often the outbox looks for new changes and due rows when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Announcements:PollInterval must be between 00:00:00.050 and 01:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two tries of a delivery that failed for now.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Announcements:MaxRetryDelay must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>One configured announcement channel: <c>Announcements:Targets:0:Platform=Telegram</c>, <c>...:ChatId=-1001234567890</c>.</summary>
public sealed class TargetOptions
{
    [Required(ErrorMessage = "Announcements:Targets: every target needs a Platform (Telegram or Discord).")]
    [RegularExpression($"(?i)^({Platforms.Telegram}|{Platforms.Discord})$", ErrorMessage = "Announcements:Targets: Platform must be Telegram or Discord.")]
    public string Platform { get; set; } = string.Empty;

    [Required(ErrorMessage = "Announcements:Targets: every target needs a ChatId (a Telegram chat id or a Discord channel id).")]
    [RegularExpression(@"^-?[0-9]{1,20}$", ErrorMessage = "Announcements:Targets: ChatId must be a numeric chat or channel id.")]
    public string ChatId { get; set; } = string.Empty;

    /// <summary>A Telegram forum topic or a Discord thread in the chat.</summary>
    [RegularExpression(@"^[0-9]{1,20}$", ErrorMessage = "Announcements:Targets: ThreadId must be a numeric topic or thread id.")]
    public string? ThreadId { get; set; }

    /// <summary>Words, "phrases" and -words an item must match to be announced here; none announces everything.</summary>
    [MaxLength(200, ErrorMessage = "Announcements:Targets: a Filter is at most 200 characters.")]
    public string? Filter { get; set; }

    /// <summary>The language its announcements and digests are written in: en, es, fr or pt; none is English.</summary>
    [RegularExpression("(?i)^(en|es|fr|pt)$", ErrorMessage = "Announcements:Targets: Language must be en, es, fr or pt (or left out for English).")]
    public string? Language { get; set; }

    /// <summary>Where this target's messages go, as the target store keys it.</summary>
    public DeliveryTarget Destination =>
        new(Platform.ToLowerInvariant(), ChatId, string.IsNullOrWhiteSpace(ThreadId) ? null : ThreadId);
}
