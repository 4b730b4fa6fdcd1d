using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Secrets;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests.Secrets;

public sealed class SecretRedactorTests
{
    private const string TokenSecret = "AAHk3f9xQ2-_zPLmN0qRsTuVwXyZ12345";

    private static readonly SecretRedactor Redactor = new([new Secret(TokenSecret, TokenSecret), new Secret("p@ss word/1")]);

    public static TheoryData<string> Echoes => new()
    {
        $"{{\"ok\":false,\"description\":\"Unauthorized: bot7012345678:{TokenSecret} is not valid\"}}",
        $"<html><body><h1>400</h1><p>bad auth Bot MTAx.{TokenSecret}</p></body></html>",
        $"GET /bot7012345678%3A{Uri.EscapeDataString(TokenSecret)}/getMe",
        $"bad auth Bot MTAx{TokenSecret[3..19]}…",
        $"split {TokenSecret[..8]} and {TokenSecret[^8..]}",
    };

    [Theory]
    [MemberData(nameof(Echoes))]
    public void No_piece_of_eight_characters_of_a_token_survives_in_any_form(string echo)
    {
        var text = Redactor.Redact(echo);

        for (var start = 0; start + SecretRedactor.PieceLength <= TokenSecret.Length; start++)
        {
            Assert.DoesNotContain(TokenSecret.Substring(start, SecretRedactor.PieceLength), text, StringComparison.Ordinal);
        }

        Assert.Contains(SecretRedactor.Mask, text, StringComparison.Ordinal);
        Assert.True(Redactor.Leaks(echo));
        Assert.False(Redactor.Leaks(text));
    }

    [Fact]
    public void The_text_around_a_secret_and_a_token_s_public_part_stay()
    {
        Assert.Equal("bot7012345678:*** failed (401)", Redactor.Redact($"bot7012345678:{TokenSecret} failed (401)"));
        Assert.Equal("nothing secret here", Redactor.Redact("nothing secret here"));
    }

    [Theory]
    [InlineData("password=p@ss word/1;")]
    [InlineData("password=p%40ss%20word%2F1;")]
    [InlineData("password=p%40ss+word%2f1;")]
    public void A_password_is_masked_whole_and_url_encoded(string text)
    {
        Assert.Equal("password=***;", Redactor.Redact(text));
    }

    [Fact]
    public void An_exception_is_described_with_its_causes_and_without_the_secret()
    {
        var exception = new InvalidOperationException("outer", new HttpRequestException($"inner {TokenSecret}"));

        var text = Redactor.Describe(exception);

        Assert.Contains("outer", text, StringComparison.Ordinal);
        Assert.Contains("inner ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenSecret[..8], text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://reader:hunter2secret@news.example.org/feed?apikey=k3y-v4lue&page=2", "https://***@news.example.org/feed?apikey=***&page=***")]
    [InlineData("http://news.example.org/list", "http://news.example.org/list")]
    [InlineData("https://news.example.org:8443/a/b?token", "https://news.example.org:8443/a/b?token")]
    [InlineData("not an address", "not an address")]
    public void An_address_is_shown_without_user_info_or_query_values(string address, string shown)
    {
        Assert.Equal(shown, SourceAddress.Mask(address));
    }

    [Fact]
    public void A_configured_address_is_shown_masked_and_its_credentials_are_masked_anywhere()
    {
        const string address = "https://reader:hunter2secret@news.example.org/feed?apikey=k3y-v4lue&page=2";
        var redactor = new SecretRedactor(Secret.Address(address));

        Assert.Equal(
            "Ingesting https://***@news.example.org/feed?apikey=***&page=*** failed",
            redactor.Redact($"Ingesting {address} failed"));
        var rewritten = redactor.Redact("GET https://news.example.org/feed?apikey=k3y-v4lue&page=2 as reader with hunter2secret");
        Assert.DoesNotContain("k3y-v4lue", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("reader", rewritten, StringComparison.Ordinal);

        // A value too short to mask in free text ("2") leaves ordinary text alone.
        Assert.Equal("page 2 of 12", redactor.Redact("page 2 of 12"));
    }

    [Fact]
    public void Stats_sees_a_source_s_address_and_error_without_credentials()
    {
        const string address = "https://reader:hunter2secret@news.example.org/feed?apikey=k3y-v4lue";
        var board = new SourceStatusBoard(new FakeTimeProvider());

        board.Failed(address, $"{address} failed (401 Unauthorized); next try in 00:00:30");
        board.Succeeded("https://other.example.org/list?key=abcdef");

        var all = string.Join("\n", board.All().Select(s => $"{s.Name} {s.LastError}"));
        Assert.DoesNotContain("reader", all, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", all, StringComparison.Ordinal);
        Assert.DoesNotContain("k3y-v4lue", all, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef", all, StringComparison.Ordinal);
        Assert.Contains("https://***@news.example.org/feed?apikey=*** failed (401 Unauthorized)", all, StringComparison.Ordinal);
        Assert.NotNull(board.Get(address));
    }
}
