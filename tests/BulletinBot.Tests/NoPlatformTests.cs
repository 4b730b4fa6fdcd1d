namespace BulletinBot.Tests;

/// <summary>run with no platform token: the terminal chat when something talks to it, a clear failure when nothing can.</summary>
public sealed class NoPlatformTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    private Dictionary<string, string?> Environment() => new()
    {
        ["Storage__Path"] = _host.StorePath,
        ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
    };

    [Theory]
    [InlineData("")]
    [InlineData("run")]
    public async Task Run_without_a_token_whose_input_ends_at_once_names_the_tokens_and_exits_2(string verb)
    {
        // As under "docker run -d" without -i: standard input is empty.
        using var bot = HostProcess.Start(_host.Folder, Environment(), redirectInput: true, verb.Length == 0 ? [] : [verb]);
        await bot.EndInputAsync(string.Empty);

        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        var line = Assert.Single(bot.Error.Trim().Split('\n'));
        Assert.Contains("Telegram__BotToken", line, StringComparison.Ordinal);
        Assert.Contains("Discord__BotToken", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_blank_lines_before_the_end_are_no_command_either()
    {
        var (code, _, error) = await _host.RunAsync("\n  \n");

        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("No platform token is set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_fed_through_a_pipe_answers_and_exits_0()
    {
        // printf 'latest\n' | bot
        using var bot = HostProcess.Start(_host.Folder, Environment(), redirectInput: true);
        await bot.EndInputAsync("latest\n");

        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 0, bot.Error);
        Assert.Contains("Cuba hands over a US citizen claimed by Interpol", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("No platform token is set", bot.Error, StringComparison.Ordinal);
    }
}
