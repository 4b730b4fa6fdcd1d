namespace BulletinBot.Tests.Terminal;

/// <summary>ask speaks the terminal's language, as the terminal chat does: LC_ALL, LC_MESSAGES, then LANG.</summary>
[Trait("Category", "Slow")]
public sealed class AskLanguageTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Ask_answers_in_the_terminal_s_language_alone_and_through_a_running_owner_that_speaks_another()
    {
        Assert.Equal(0, (await _host.RunAsync("", "ingest")).ExitCode);

        var (code, spanish, error) = await HostProcess.RunAsync(_host.Folder, Environment("es_ES.UTF-8"), "ask", "latest", "2");
        var (_, english, _) = await HostProcess.RunAsync(_host.Folder, Environment(null), "ask", "latest", "2");
        var (frenchCode, _, french) = await HostProcess.RunAsync(_host.Folder, Environment("fr_FR.UTF-8"), "ask", "date", "someday");

        Assert.True(code == 0, error);
        Assert.Contains("Últimas\n", spanish, StringComparison.Ordinal);
        Assert.DoesNotContain("Latest", spanish, StringComparison.Ordinal);
        Assert.Contains("Latest\n", english, StringComparison.Ordinal);
        Assert.NotEqual(0, frenchCode);
        Assert.Contains("Je ne comprends pas la date « someday ».", french, StringComparison.Ordinal);

        // An English terminal chat owns the store, so the next ask is answered by it: in the asking terminal's language.
        using var chat = HostProcess.Start(_host.Folder, Environment("C"), redirectInput: true);
        await chat.WaitForAsync("Type help", TimeSpan.FromSeconds(60));
        var (forwardedCode, forwarded, forwardedError) = await HostProcess.RunAsync(_host.Folder, Environment("es_ES.UTF-8"), "ask", "latest", "2");

        Assert.True(forwardedCode == 0, forwardedError);
        Assert.Contains("Últimas\n", forwarded, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Environment(string? language)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
        };
        if (language is not null)
        {
            environment["LANG"] = language;
        }

        return environment;
    }
}
