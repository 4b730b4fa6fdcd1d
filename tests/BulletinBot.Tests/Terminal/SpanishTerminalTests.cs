namespace BulletinBot.Tests.Terminal;

/// <summary>The terminal chat speaks the terminal's language: LANG=es_ES.UTF-8 is Spanish, and salir leaves.</summary>
public sealed class SpanishTerminalTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task With_LANG_es_the_chat_answers_in_Spanish_and_salir_leaves()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            ["LANG"] = "es_ES.UTF-8",
        };
        using var bot = HostProcess.Start(_host.Folder, environment, redirectInput: true);
        await bot.EndInputAsync("ultimas 2\nsiguiente\nsalir\nlatest\n");

        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 0, bot.Error);
        Assert.Contains("Escribe ayuda para ver los comandos, salir (o Ctrl-D) para terminar.", bot.Output, StringComparison.Ordinal);
        Assert.Contains("Últimas\n", bot.Output, StringComparison.Ordinal);
        Assert.Contains("Se muestran 1-2. Escribe siguiente para ver más.", bot.Output, StringComparison.Ordinal);
        Assert.Contains("Últimas (continuación)", bot.Output, StringComparison.Ordinal);
        Assert.Contains("Se muestran 3-4. Escribe siguiente para ver más, anterior para volver.", bot.Output, StringComparison.Ordinal);

        // salir left the chat: the latest after it was never answered.
        Assert.Equal(2, bot.Output.Split("Cuba hands over a US citizen claimed by Interpol").Length);
        Assert.DoesNotContain("Showing", bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LC_ALL_C_comes_before_a_Spanish_LANG()
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__Path"] = _host.StorePath,
            ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
            ["LANG"] = "es_ES.UTF-8",
            ["LC_ALL"] = "C",
        };
        using var bot = HostProcess.Start(_host.Folder, environment, redirectInput: true);
        await bot.EndInputAsync("ultimas 2\n");

        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 0, bot.Error);
        Assert.Contains("Showing 1-2. Type next for more.", bot.Output, StringComparison.Ordinal);
    }
}
