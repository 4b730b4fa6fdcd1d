namespace BulletinBot.Tests;

public sealed class TerminalChatTests : IDisposable
{
    private readonly HostFixture _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_chat_answers_line_by_line_pages_with_next_and_leaves_on_quit()
    {
        var (code, output, _) = await _host.RunAsync("latest 3\nnext\n\nquit\nlatest\n");

        Assert.Equal(0, code);
        Assert.Contains("2 page(s) read: 8 new item(s)", output, StringComparison.Ordinal);
        Assert.Contains("Telegram__BotToken", output, StringComparison.Ordinal);
        Assert.Contains("Showing 1-3. Type next for more.", output, StringComparison.Ordinal);
        Assert.Contains("Showing 4-6. Type next for more, previous to go back.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Showing 1-5", output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task The_chat_ends_at_the_end_of_its_input()
    {
        var (code, output, _) = await _host.RunAsync("stats\n");

        Assert.Equal(0, code);
        Assert.Contains("8 items from 1 source.", output, StringComparison.Ordinal);
    }
}
