using System.Text.Json;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>The fake's body check must catch what Discord would refuse, or the other tests prove nothing.</summary>
public sealed class SchemaCheckerTests
{
    private const string Callback = "/interactions/{interaction_id}/{interaction_token}/callback";

    private static IReadOnlyList<string> Check(string method, string path, string json)
    {
        var description = OpenApiDescription.Instance;
        var template = description.Template(method, path);
        Assert.NotNull(template);
        using var document = JsonDocument.Parse(json);
        return description.CheckBody(method, template, document.RootElement.Clone());
    }

    [Fact]
    public void The_description_is_found_beside_the_repository()
    {
        Assert.True(File.Exists(OpenApiDescription.SpecPath()),
            $"Discord's OpenAPI description is missing at {OpenApiDescription.SpecPath()}: copy shared/discord-api-spec beside the repository.");
        Assert.Equal(Callback, OpenApiDescription.Instance.Template("POST", "/interactions/1/abc/callback"));
        Assert.Equal("/webhooks/{webhook_id}/{webhook_token}/messages/@original",
            OpenApiDescription.Instance.Template("PATCH", "/webhooks/1/abc/messages/@original"));
    }

    [Fact]
    public void A_well_formed_answer_passes()
    {
        Assert.Empty(Check("POST", "/interactions/1/abc/callback",
            """{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]},"flags":64,"components":[{"type":1,"components":[{"type":2,"style":2,"label":"Next","custom_id":"next 1a2b3c4d"}]}]}}"""));
    }

    [Theory]
    [InlineData("""{"type":4,"data":{"content":"hi","allowed_mention":{"parse":[]}}}""", "allowed_mention")]
    [InlineData("""{"type":"4"}""", "$.type")]
    [InlineData("""{"type":4,"data":{"embeds":[{"title":"LONG"}]}}""", "256")]
    [InlineData("""{"type":4,"data":{"components":[{"type":1,"components":[{"type":2,"style":2,"label":"x","custom_id":""}]}]}}""", "custom_id")]
    public void A_malformed_answer_is_caught(string json, string mentioned)
    {
        json = json.Replace("LONG", new string('t', 257), StringComparison.Ordinal);
        var errors = Check("POST", "/interactions/1/abc/callback", json);
        Assert.True(errors.Any(error => error.Contains(mentioned, StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [Fact]
    public void Documented_limits_beyond_the_description_are_caught()
    {
        using var document = JsonDocument.Parse($$"""{"content":"{{new string('a', 2001)}}"}""");
        var problems = DocumentedLimits.Check("/channels/{channel_id}/messages", document.RootElement).ToList();
        Assert.Contains(problems, p => p.Contains("2000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("allowed_mentions", StringComparison.Ordinal));
    }
}
