using Microsoft.AspNetCore.Http;

namespace BulletinBot.Telegram.Tests.Fakes;

/// <summary>Answers given exactly as scripted, whatever the Bot API would say: a proxy's HTML page, a body that echoes the request.</summary>
public sealed partial class FakeBotApi
{
    private readonly List<RawAnswer> rawAnswers = [];

    /// <summary>The next call to <paramref name="method"/> gets exactly this answer, as a proxy or a broken server might give.</summary>
    public void AnswerRaw(string method, int status, string contentType, string body)
    {
        lock (gate)
        {
            rawAnswers.Add(new RawAnswer(method, status, contentType, body));
        }
    }

    /// <summary>The scripted answer for this call, if any; called under the gate.</summary>
    private RawAnswer? TakeRawAnswer(string method)
    {
        var index = rawAnswers.FindIndex(r => r.Method == method);
        if (index < 0)
        {
            return null;
        }

        var answer = rawAnswers[index];
        rawAnswers.RemoveAt(index);
        return answer;
    }

    private sealed record RawAnswer(string Method, int Status, string ContentType, string Body)
    {
        public async Task WriteAsync(HttpContext context)
        {
            context.Response.StatusCode = Status;
            context.Response.ContentType = ContentType;
            await context.Response.WriteAsync(Body);
        }
    }
}
