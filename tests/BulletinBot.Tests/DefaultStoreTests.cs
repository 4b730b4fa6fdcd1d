using BulletinBot.Core.Storage;

namespace BulletinBot.Tests;

/// <summary>
/// A terminal chat owning the default store of its user (here a temporary HOME): the settings of another verb are
/// checked before that chat is asked anything, so a bad one is named, not answered by the chat.
/// </summary>
public sealed class DefaultStoreTests : IDisposable
{
    private readonly HostFixture _host = new();
    private readonly string _home;

    public DefaultStoreTests() => _home = Directory.CreateDirectory(Path.Combine(_host.Folder, "home")).FullName;

    public void Dispose() => _host.Dispose();

    /// <summary>A user whose data folder is inside the temporary HOME; Storage:Path is not set, so the store is the default one.</summary>
    private Dictionary<string, string?> User() => new()
    {
        ["HOME"] = _home,
        ["XDG_DATA_HOME"] = Path.Combine(_home, ".local", "share"),
        ["Ingestion__SeedsPath"] = HostFixture.SeedsFolder,
    };

    private string DefaultSocket => new StoreFiles(Path.Combine(_home, ".local", "share", "BulletinBot", "bulletins.db")).Socket;

    [Theory]
    [InlineData("ask latest", false)]
    [InlineData("ask latest", true)]
    [InlineData("health", true)]
    [InlineData("ingest", false)]
    public async Task A_bad_setting_is_named_before_a_chat_owning_the_default_store_is_asked(string command, bool badInTwoSections)
    {
        using var chat = HostProcess.Start(_host.Folder, User(), redirectInput: true);
        await chat.WaitForAsync("Type help", TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(DefaultSocket))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the chat never listened on {DefaultSocket}: {chat.Error}");
            await Task.Delay(50);
        }

        // The chat does own the default store: with good settings, the same verb is answered by it.
        var (goodCode, goodOutput, goodError) = await HostProcess.RunAsync(_host.Folder, User(), "ask", "latest", "1");
        Assert.True(goodCode == 0, $"exit {goodCode}: {goodOutput} {goodError}");
        Assert.Contains("Cuba hands over a US citizen claimed by Interpol", goodOutput, StringComparison.Ordinal);

        var environment = User();
        environment["Storage__Path"] = "";
        if (badInTwoSections)
        {
            environment["Conversation__CommandsPerMinute"] = "0";
        }

        var (code, output, error) = await HostProcess.RunAsync(_host.Folder, environment, command.Split(' '));

        Assert.True(code == 2, $"exit {code}: {output} {error}");
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("Configuration error: ", error, StringComparison.Ordinal);
        Assert.Contains("Storage:Path", error, StringComparison.Ordinal);
        if (badInTwoSections)
        {
            Assert.Contains("CommandsPerMinute", error, StringComparison.Ordinal);
        }

        Assert.Single(error.Trim().Split('\n'));
        await chat.QuitAsync();
    }
}
