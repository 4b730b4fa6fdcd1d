using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BulletinBot.Discord.Tests.Fakes;

/// <summary>A file part of a multipart request: its form field (files[n]), file name, media type and bytes.</summary>
public sealed record UploadedFile(string Field, string FileName, string ContentType, byte[] Bytes);

/// <summary>
/// A request with files, as Discord reads one (reference/uploading-files): multipart/form-data whose payload_json part
/// is the JSON body and whose files[n] parts are the files, each named in the body's attachments by id n, and shown in an
/// embed by attachment://filename. Checked against the route's multipart schema and the documented upload limits.
/// </summary>
internal sealed record MultipartUpload(JsonElement Payload, IReadOnlyList<UploadedFile> Files)
{
    /// <summary>Discord's upload limit for a bot without boosts: 10 MiB per request's files.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public const int MaxFiles = 10;

    /// <summary>The upload, or null when the request is not multipart/form-data.</summary>
    public static async Task<MultipartUpload?> ReadAsync(HttpRequest request)
    {
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        var form = await request.ReadFormAsync();
        JsonElement payload = default;
        if (form.TryGetValue("payload_json", out var json))
        {
            using var document = JsonDocument.Parse(json.ToString());
            payload = document.RootElement.Clone();
        }
        else if (form.Files.GetFile("payload_json") is { } part)
        {
            using var document = await JsonDocument.ParseAsync(part.OpenReadStream());
            payload = document.RootElement.Clone();
        }

        var files = new List<UploadedFile>();
        foreach (var file in form.Files.Where(f => f.Name != "payload_json"))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            files.Add(new UploadedFile(file.Name, file.FileName, file.ContentType ?? "", buffer.ToArray()));
        }

        return new MultipartUpload(payload, files);
    }

    /// <summary>Every way the upload breaks Discord's rules for the route; empty when it conforms.</summary>
    public IEnumerable<string> Check(OpenApiDescription description, string method, string template)
    {
        var fields = description.MultipartFileFields(method, template);
        if (fields is null)
        {
            yield return "the route takes no multipart/form-data";
            yield break;
        }

        if (Payload.ValueKind != JsonValueKind.Object)
        {
            yield return "payload_json is missing or not an object";
            yield break;
        }

        if (Files.Count > MaxFiles || Files.Sum(f => (long)f.Bytes.Length) > MaxBytes)
        {
            yield return $"files: at most {MaxFiles} files and {MaxBytes} bytes in all";
        }

        // An interaction callback carries the message in "data"; the other routes are the message itself.
        var message = template.EndsWith("/callback", StringComparison.Ordinal) && Payload.TryGetProperty("data", out var data) ? data : Payload;
        var attachments = message.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray()] : new List<JsonElement>();
        foreach (var file in Files)
        {
            if (!fields.Contains(file.Field))
            {
                yield return $"{file.Field}: not a file field of the route";
                continue;
            }

            if (file.FileName.Length == 0 || file.Bytes.Length == 0)
            {
                yield return $"{file.Field}: a file part needs a file name and bytes";
            }

            var id = file.Field["files[".Length..^1];
            if (!attachments.Any(a => a.TryGetProperty("id", out var attachmentId) && attachmentId.ToString() == id))
            {
                yield return $"{file.Field}: no attachment with id {id} names it";
            }
        }

        foreach (var attachment in attachments)
        {
            var id = attachment.TryGetProperty("id", out var attachmentId) ? attachmentId.ToString() : "";
            var file = Files.FirstOrDefault(f => f.Field == $"files[{id}]");
            if (file is null)
            {
                yield return $"attachments: id {id} has no files[{id}] part";
            }
            else if (attachment.TryGetProperty("filename", out var name) && name.GetString() != file.FileName)
            {
                yield return $"attachments: id {id} is named {name.GetString()} but files[{id}] is {file.FileName}";
            }
        }

        foreach (var url in ImageUrls(message).Where(u => u.StartsWith("attachment://", StringComparison.Ordinal)))
        {
            if (!Files.Any(f => f.FileName == url["attachment://".Length..]))
            {
                yield return $"embeds: {url} names no uploaded file";
            }
        }
    }

    private static IEnumerable<string> ImageUrls(JsonElement message) =>
        message.TryGetProperty("embeds", out var embeds) && embeds.ValueKind == JsonValueKind.Array
            ? embeds.EnumerateArray()
                .SelectMany(e => new[] { "image", "thumbnail" }.Select(k => e.TryGetProperty(k, out var image) && image.TryGetProperty("url", out var url) ? url.GetString() : null))
                .OfType<string>()
            : [];
}
