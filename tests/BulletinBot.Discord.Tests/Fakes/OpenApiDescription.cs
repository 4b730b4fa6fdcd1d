using System.Text.Json;
using System.Text.RegularExpressions;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>
/// Discord's OpenAPI description, read from <c>../shared/discord-api-spec/openapi.json</c> beside the repository.
/// Finds the operation a request is for and checks its JSON body against the request schema.
/// </summary>
internal sealed partial class OpenApiDescription
{
    private static readonly Lazy<OpenApiDescription> Shared = new(Load);
    private readonly JsonElement root;
    private readonly List<(Regex Path, string Template)> paths;

    private OpenApiDescription(JsonElement root)
    {
        this.root = root;
        paths = [.. root.GetProperty("paths").EnumerateObject()
            .OrderBy(p => p.Name.Count(c => c == '{'))
            .Select(p => (new Regex("^" + TemplateParameter().Replace(Regex.Escape(p.Name).Replace(@"\{", "{", StringComparison.Ordinal), "[^/]+") + "$"), p.Name))];
    }

    public static OpenApiDescription Instance => Shared.Value;

    /// <summary>The folder holding BulletinBot.slnx, found by walking up from the test's base directory.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BulletinBot.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("BulletinBot.slnx was not found above the test's base directory.");
    }

    public static string SpecPath() =>
        Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "discord-api-spec", "openapi.json"));

    private static OpenApiDescription Load()
    {
        var path = SpecPath();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "Discord's OpenAPI description is missing: expected shared/discord-api-spec/openapi.json beside the repository " +
                $"(looked at {path}). Request bodies cannot be checked without it.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new OpenApiDescription(document.RootElement.Clone());
    }

    /// <summary>The path template of the operation, or null when Discord has no such path and method.</summary>
    public string? Template(string method, string relativePath)
    {
        foreach (var (regex, template) in paths)
        {
            if (regex.IsMatch(relativePath) && root.GetProperty("paths").GetProperty(template).TryGetProperty(method.ToLowerInvariant(), out _))
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>Every way the body breaks the operation's JSON request schema; empty when it conforms.</summary>
    public IReadOnlyList<string> CheckBody(string method, string template, JsonElement body)
    {
        var operation = root.GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant());
        if (!operation.TryGetProperty("requestBody", out var requestBody))
        {
            return body.ValueKind == JsonValueKind.Undefined ? [] : [$"{method} {template} takes no body"];
        }

        if (body.ValueKind == JsonValueKind.Undefined)
        {
            return requestBody.TryGetProperty("required", out var required) && required.GetBoolean() ? [$"{method} {template} needs a body"] : [];
        }

        var schema = requestBody.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var errors = new List<string>();
        new SchemaChecker(root).Check(body, schema, "$", errors);
        return errors;
    }

    /// <summary>
    /// The file fields (files[0]...) the operation's multipart/form-data schema names, or null when it takes no
    /// multipart body. Where the multipart schema is the JSON body's union itself (the interaction callback), the
    /// documented files[0] to files[9] are the fields.
    /// </summary>
    public IReadOnlySet<string>? MultipartFileFields(string method, string template)
    {
        var operation = root.GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant());
        if (!operation.TryGetProperty("requestBody", out var requestBody)
            || !requestBody.GetProperty("content").TryGetProperty("multipart/form-data", out var multipart))
        {
            return null;
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        Collect(multipart.GetProperty("schema"), fields);
        return fields.Count > 0 ? fields : Enumerable.Range(0, 10).Select(i => $"files[{i}]").ToHashSet(StringComparer.Ordinal);
    }

    private static void Collect(JsonElement schema, HashSet<string> fields)
    {
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject().Where(p => p.Name.StartsWith("files[", StringComparison.Ordinal)))
            {
                fields.Add(property.Name);
            }
        }

        foreach (var combinator in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(combinator, out var parts))
            {
                foreach (var part in parts.EnumerateArray())
                {
                    Collect(part, fields);
                }
            }
        }
    }

    [GeneratedRegex(@"\{[^}/]+\}")]
    private static partial Regex TemplateParameter();
}
