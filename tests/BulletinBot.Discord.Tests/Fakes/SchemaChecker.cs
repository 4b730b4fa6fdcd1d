using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>
/// The subset of JSON Schema that Discord's OpenAPI description uses for request bodies: $ref, type, const, enum,
/// string lengths and patterns, numeric bounds, arrays, objects, allOf, anyOf and oneOf. Stricter than the
/// description in one way: a property an object schema does not name is an error, so a misspelt field fails.
/// </summary>
internal sealed class SchemaChecker(JsonElement document)
{
    public void Check(JsonElement value, JsonElement schema, string at, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(value, Resolve(reference.GetString()!), at, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(value, type))
        {
            errors.Add($"{at}: {Kind(value)} is not {type}");
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(value, constant))
        {
            errors.Add($"{at}: {value} is not {constant}");
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(choice => JsonElement.DeepEquals(value, choice)))
        {
            errors.Add($"{at}: {value} is not one of {choices}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                CheckString(value.GetString()!, schema, at, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(value.GetDouble(), schema, at, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(value, schema, at, errors);
                break;
            case JsonValueKind.Object:
                CheckObject(value, schema, at, errors);
                break;
        }

        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var part in all.EnumerateArray())
            {
                Check(value, part, at, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var any) && Matching(value, any, at) == 0)
        {
            errors.Add($"{at}: matches none of anyOf ({Closest(value, any, at)})");
        }

        if (schema.TryGetProperty("oneOf", out var one))
        {
            var count = Matching(value, one, at);
            if (count != 1)
            {
                errors.Add(count == 0 ? $"{at}: matches none of oneOf ({Closest(value, one, at)})" : $"{at}: matches {count} of oneOf");
            }
        }
    }

    private int Matching(JsonElement value, JsonElement branches, string at) =>
        branches.EnumerateArray().Count(branch =>
        {
            var branchErrors = new List<string>();
            Check(value, branch, at, branchErrors);
            return branchErrors.Count == 0;
        });

    /// <summary>The errors of the branch that came closest, so a failure says what to fix.</summary>
    private string Closest(JsonElement value, JsonElement branches, string at) =>
        string.Join("; ", branches.EnumerateArray()
            .Select(branch =>
            {
                var branchErrors = new List<string>();
                Check(value, branch, at, branchErrors);
                return branchErrors;
            })
            // A branch whose "type" discriminator fails is another kind of thing, not a near miss.
            .OrderBy(list => list.Any(error => error.StartsWith(at + ".type:", StringComparison.Ordinal)
                || (error.StartsWith(at + ": ", StringComparison.Ordinal) && error.Contains(" is not ", StringComparison.Ordinal))) ? 1 : 0)
            .ThenBy(list => list.Count)
            .First());

    private static void CheckString(string text, JsonElement schema, string at, List<string> errors)
    {
        // JSON Schema counts characters (code points), as Discord does.
        var length = text.EnumerateRunes().Count();
        if (schema.TryGetProperty("maxLength", out var max) && length > max.GetInt32())
        {
            errors.Add($"{at}: {length} characters, more than {max}");
        }

        if (schema.TryGetProperty("minLength", out var min) && length < min.GetInt32())
        {
            errors.Add($"{at}: {length} characters, fewer than {min}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
        {
            errors.Add($"{at}: \"{text}\" does not match {pattern}");
        }
    }

    private static void CheckNumber(double number, JsonElement schema, string at, List<string> errors)
    {
        if (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
        {
            errors.Add($"{at}: {number.ToString(CultureInfo.InvariantCulture)} is above {max}");
        }

        if (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
        {
            errors.Add($"{at}: {number.ToString(CultureInfo.InvariantCulture)} is below {min}");
        }
    }

    private void CheckArray(JsonElement array, JsonElement schema, string at, List<string> errors)
    {
        var length = array.GetArrayLength();
        if (schema.TryGetProperty("maxItems", out var max) && length > max.GetInt32())
        {
            errors.Add($"{at}: {length} items, more than {max}");
        }

        if (schema.TryGetProperty("minItems", out var min) && length < min.GetInt32())
        {
            errors.Add($"{at}: {length} items, fewer than {min}");
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                Check(item, items, $"{at}[{index++}]", errors);
            }
        }

        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.GetBoolean()
            && array.EnumerateArray().Select(item => item.GetRawText()).Distinct().Count() != length)
        {
            errors.Add($"{at}: items are not unique");
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string at, List<string> errors)
    {
        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(name => name.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{at}: {name} is required");
                }
            }
        }

        if (schema.TryGetProperty("maxProperties", out var max) && value.EnumerateObject().Count() > max.GetInt32())
        {
            errors.Add($"{at}: more than {max} properties");
        }

        var extra = schema.TryGetProperty("additionalProperties", out var additional) ? additional : default;
        foreach (var property in value.EnumerateObject())
        {
            var path = $"{at}.{property.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(property.Value, propertySchema, path, errors);
            }
            else if (extra.ValueKind == JsonValueKind.Object)
            {
                Check(property.Value, extra, path, errors);
            }
            else if (extra.ValueKind == JsonValueKind.False || (properties.ValueKind == JsonValueKind.Object && !schema.TryGetProperty("allOf", out _)))
            {
                errors.Add($"{path}: not a property Discord knows here");
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        var node = document;
        foreach (var part in reference.TrimStart('#', '/').Split('/'))
        {
            node = node.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return node;
    }

    private static bool HasType(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => Is(value, t.GetString()!))
        : Is(value, type.GetString()!);

    private static bool Is(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => false,
    };

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
}
