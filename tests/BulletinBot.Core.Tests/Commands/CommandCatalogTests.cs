using System.Text.RegularExpressions;

namespace BulletinBot.Core.Tests.Commands;

public sealed partial class CommandCatalogTests
{
    [Fact]
    public void The_readme_command_table_names_the_catalog_commands()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var table = readme[readme.IndexOf("## Commands", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 3, StringComparison.Ordinal)];

        var named = TableRow().Matches(table).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(CommandCatalog.All.Select(c => c.Name), named);
    }

    [Fact]
    public void The_readme_names_every_spanish_command()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));

        Assert.All(CommandCatalog.All, c => Assert.Contains($"`{c.NameEs}`", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Typed_arguments_are_read_by_their_command_rules()
    {
        Assert.Equal(new LatestCommand(7), CommandCatalog.Create("latest", "7"));
        Assert.Equal(new LatestCommand(CommandCatalog.DefaultLatest), CommandCatalog.Create("ultimas", null));
        Assert.IsType<InvalidCommand>(CommandCatalog.Create("latest", "many"));
        Assert.Equal(new SearchCommand("law enforcement"), CommandCatalog.Create("search", " law enforcement "));
        Assert.Equal(new ShowCommand("k3j9x2a"), CommandCatalog.Create("show", "k3j9x2a extra"));
        Assert.IsType<InvalidCommand>(CommandCatalog.Create("frobnicate", "x"));
    }

    [GeneratedRegex(@"^\| `([a-z]+)[^`]*` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
