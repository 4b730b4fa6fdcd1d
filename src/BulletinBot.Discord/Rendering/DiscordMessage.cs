using System.Text.Json.Serialization;

namespace BulletinBot.Discord.Rendering;

/// <summary>
/// A message body as Discord takes it (create message, interaction answer, webhook edit). Every one carries
/// <see cref="AllowedMentions"/> with nothing to parse, so no text we send can ping anyone.
/// </summary>
public sealed record DiscordMessage(
    string? Content = null,
    IReadOnlyList<Embed>? Embeds = null,
    IReadOnlyList<ActionRow>? Components = null,
    int? Flags = null)
{
    /// <summary>Only the person who used the command sees it.</summary>
    public const int Ephemeral = 64;

    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;

    /// <summary>The files uploaded with the message (files[n] has id n); null when it has none.</summary>
    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

/// <summary>An uploaded file as the message's body names it: <see cref="Id"/> n is the form field files[n].</summary>
public sealed record Attachment(string Id, string Filename, string? Description = null);

public sealed record AllowedMentions(IReadOnlyList<string> Parse)
{
    public static AllowedMentions None { get; } = new([]);
}

public sealed record Embed(
    string? Title = null,
    string? Description = null,
    string? Url = null,
    IReadOnlyList<EmbedField>? Fields = null,
    EmbedFooter? Footer = null,
    int? Color = null)
{
    /// <summary>A picture shown in the embed: attachment://name for a file uploaded with the message.</summary>
    public EmbedImage? Image { get; init; }

    /// <summary>The characters that count toward the 6000 per message.</summary>
    [JsonIgnore]
    public int Characters => (Title?.Length ?? 0) + (Description?.Length ?? 0) + (Footer?.Text.Length ?? 0)
        + (Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
}

public sealed record EmbedField(string Name, string Value, bool? Inline = null);

public sealed record EmbedFooter(string Text);

public sealed record EmbedImage(string Url);

public sealed record ActionRow(IReadOnlyList<Button> Components)
{
    public int Type { get; init; } = 1;
}

public sealed record Button(string Label, string CustomId, int Style = Button.Secondary, bool? Disabled = null)
{
    public const int Primary = 1;
    public const int Secondary = 2;

    public int Type { get; init; } = 2;
}

/// <summary>A message posted to a channel by the delivery port: the nonce makes a retried post land once.</summary>
public sealed record ChannelMessage(string? Content, IReadOnlyList<Embed>? Embeds, string Nonce)
{
    public bool EnforceNonce { get; init; } = true;

    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;
}

/// <summary>The body of POST /interactions/{id}/{token}/callback.</summary>
public sealed record InteractionCallback(int Type, object? Data = null)
{
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int AutocompleteResult = 8;
}

public sealed record AutocompleteChoices(IReadOnlyList<AutocompleteChoice> Choices);

public sealed record AutocompleteChoice(string Name, string Value);
