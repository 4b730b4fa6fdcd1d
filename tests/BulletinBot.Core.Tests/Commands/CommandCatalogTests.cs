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

    [Fact]
    public void Each_command_s_example_is_read_into_its_own_record_and_none_falls_through_to_another()
    {
        Assert.All(CommandCatalog.All, spec =>
        {
            var argument = spec.Example.Length > spec.Name.Length ? spec.Example[(spec.Name.Length + 1)..] : string.Empty;

            var command = CommandCatalog.Create(spec.Name, argument);

            Assert.Equal($"{char.ToUpperInvariant(spec.Name[0])}{spec.Name[1..]}Command", command.GetType().Name);
            Assert.Same(spec, typeof(CommandCatalog).Assembly.GetType($"BulletinBot.Core.Commands.{command.GetType().Name}")!.GetProperty("Spec")!.GetValue(null));
        });
    }

    [Fact]
    public void Every_word_names_one_command()
    {
        var words = CommandCatalog.All.SelectMany(spec => spec.Aliases.Append(spec.Name).Append(spec.NameEs)).ToList();

        Assert.Equal(words.Count, words.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(CommandCatalog.All, spec => Assert.All(spec.Aliases.Append(spec.NameEs), word => Assert.Same(spec, CommandCatalog.Find(word.ToUpperInvariant()))));
    }

    [GeneratedRegex(@"^\| `([a-z]+)[^`]*` \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
