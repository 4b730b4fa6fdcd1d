using System.Text.Json;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>
/// Limits Discord documents but its OpenAPI description does not carry (message.mdx, the embed limits), and the
/// bot's own rule that every body carrying text disables mentions with <c>allowed_mentions: {"parse": []}</c>.
/// </summary>
internal static class DocumentedLimits
{
    public const int Content = 2000;
    public const int EmbedsTotal = 6000;

    public static IEnumerable<string> Check(string template, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        // An interaction callback carries the message in "data"; the other routes are the message itself.
        var message = template.EndsWith("/callback", StringComparison.Ordinal)
            ? body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : default
            : body;
        if (message.ValueKind != JsonValueKind.Object || template.Contains("/commands", StringComparison.Ordinal))
        {
            return [];
        }

        var problems = new List<string>();
        var hasContent = message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String;
        var hasEmbeds = message.TryGetProperty("embeds", out var embeds) && embeds.ValueKind == JsonValueKind.Array && embeds.GetArrayLength() > 0;
        if (hasContent && content.GetString()!.EnumerateRunes().Count() > Content)
        {
            problems.Add($"content is over {Content} characters");
        }

        if (hasEmbeds)
        {
            var total = embeds.EnumerateArray().Sum(EmbedCharacters);
            if (total > EmbedsTotal)
            {
                problems.Add($"embeds hold {total} characters, over {EmbedsTotal}");
            }
        }

        if ((hasContent || hasEmbeds) && !MentionsDisabled(message))
        {
            problems.Add("a body with text must send allowed_mentions {\"parse\": []}");
        }

        return problems;
    }

    private static bool MentionsDisabled(JsonElement message) =>
        message.TryGetProperty("allowed_mentions", out var mentions)
        && mentions.ValueKind == JsonValueKind.Object
        && mentions.TryGetProperty("parse", out var parse)
        && parse.ValueKind == JsonValueKind.Array && parse.GetArrayLength() == 0
        && !mentions.TryGetProperty("users", out _) && !mentions.TryGetProperty("roles", out _);

    private static int EmbedCharacters(JsonElement embed)
    {
        var total = Text(embed, "title") + Text(embed, "description");
        if (embed.TryGetProperty("footer", out var footer) && footer.ValueKind == JsonValueKind.Object)
        {
            total += Text(footer, "text");
        }

        if (embed.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object)
        {
            total += Text(author, "name");
        }

        if (embed.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
        {
            total += fields.EnumerateArray().Sum(field => Text(field, "name") + Text(field, "value"));
        }

        return total;
    }

    private static int Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.EnumerateRunes().Count() : 0;
}
