using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>A file a multipart call uploaded: its form field, file name, content type and bytes.</summary>
public sealed record UploadedFile(string Field, string FileName, string ContentType, byte[] Bytes);

public sealed partial class FakeBotApi
{
    /// <summary>A multipart/form-data body as Telegram reads it: each field as JSON where it is an object or array
    /// (reply_parameters), else as text; each file part kept whole.</summary>
    private static async Task<(JsonObject Fields, IReadOnlyList<UploadedFile> Files)> ReadMultipartAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var fields = new JsonObject();
        foreach (var (key, value) in form)
        {
            var text = value.ToString();
            fields[key] = text.StartsWith('{') || text.StartsWith('[') ? JsonNode.Parse(text) : JsonValue.Create(text);
        }

        var files = new List<UploadedFile>();
        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            files.Add(new UploadedFile(file.Name, file.FileName, file.ContentType ?? "", buffer.ToArray()));
        }

        return (fields, files);
    }
}

internal static partial class FakeBotMethods
{
    /// <summary>Telegram's documented limits for sendPhoto: a caption of at most 1024 characters after entities are parsed.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>A photo uploaded by sendPhoto may be at most 10 MB.</summary>
    public const int MaxPhotoBytes = 10 * 1024 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// sendPhoto with an uploaded file, as Telegram checks it: multipart/form-data, the photo a file part (named photo,
    /// or attach://name), at most 10 MB, an image whose width and height add up to at most 10000 with a ratio of at most
    /// 20, and a caption of at most 1024 characters of valid HTML.
    /// </summary>
    private static (int, JsonNode?, string?) SendPhoto(FakeBotApi fake, ApiCall call, JsonObject body)
    {
        if (CheckChat(fake, body["chat_id"]?.ToString()) is { } refused)
        {
            return refused;
        }

        var reference = (string?)body["photo"];
        var photo = reference is { } attached && attached.StartsWith("attach://", StringComparison.Ordinal)
            ? call.Files.FirstOrDefault(f => f.Field == attached["attach://".Length..])
            : call.Files.FirstOrDefault(f => f.Field == "photo");
        if (!call.Multipart || photo is null)
        {
            return BadRequest(reference is null ? "Bad Request: there is no photo in the request" : "Bad Request: wrong remote file identifier specified");
        }

        if (photo.Bytes.Length > MaxPhotoBytes)
        {
            return (413, null, "Request Entity Too Large");
        }

        if (!photo.Bytes.AsSpan().StartsWith(PngSignature) || photo.Bytes.Length < 24)
        {
            return BadRequest("Bad Request: IMAGE_PROCESS_FAILED");
        }

        var width = BinaryPrimitives.ReadInt32BigEndian(photo.Bytes.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(photo.Bytes.AsSpan(20, 4));
        if (width <= 0 || height <= 0 || width + height > 10_000 || Math.Max(width, height) > 20 * Math.Min(width, height))
        {
            return BadRequest("Bad Request: PHOTO_INVALID_DIMENSIONS");
        }

        if ((string?)body["caption"] is { } caption)
        {
            var length = caption.Length;
            if (string.Equals((string?)body["parse_mode"], "HTML", StringComparison.OrdinalIgnoreCase) && !TelegramHtml.TryParse(caption, out length, out var error))
            {
                return BadRequest($"Bad Request: can't parse entities: {error}");
            }

            if (length > MaxCaptionLength)
            {
                return BadRequest("Bad Request: message caption is too long");
            }
        }

        var message = Message(call.MessageId, body, body["chat_id"]!.ToString());
        message.Remove("text");
        message["caption"] = (string?)body["caption"];
        message["photo"] = new JsonArray(new JsonObject
        {
            ["file_id"] = $"photo{call.MessageId}",
            ["file_unique_id"] = $"unique{call.MessageId}",
            ["width"] = width,
            ["height"] = height,
            ["file_size"] = photo.Bytes.Length,
        });
        return Ok(message);
    }
}
