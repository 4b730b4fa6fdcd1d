using YamlDotNet.RepresentationModel;

namespace BulletinBot.Tests;

/// <summary>
/// compose.yaml, parsed as YAML: Docker cannot run in every test run, so what the file must say is checked here. Two
/// bot replicas on the one database, each with the bot's health verb as its healthcheck and its search index on a
/// volume of its own, and no secret written into the file.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Load();

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(DockerfileTests.Root(), "compose.yaml"))));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static List<(string Name, YamlMappingNode Service)> Services() =>
        ((YamlMappingNode)Compose["services"]).Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value)).ToList();

    private static List<string> Scalars(YamlNode node) => ((YamlSequenceNode)node).Children.Select(n => ((YamlScalarNode)n).Value!).ToList();

    private static List<(string Name, YamlMappingNode Service)> Replicas() =>
        Services().Where(s => Scalars(s.Service["environment"]).Contains("Storage__Provider=Postgres")).ToList();

    private static string? Setting(YamlMappingNode service, string name) =>
        Scalars(service["environment"]).FirstOrDefault(e => e.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    [Fact]
    public void Two_replicas_run_the_bot_on_the_database_and_its_health_verb_is_their_healthcheck()
    {
        var replicas = Replicas();

        Assert.Equal(2, replicas.Count);
        foreach (var (name, service) in replicas)
        {
            Assert.Equal("bulletinbot", ((YamlScalarNode)service["image"]).Value);
            Assert.Equal(["CMD", "dotnet", "BulletinBot.dll", "health"], Scalars(((YamlMappingNode)service["healthcheck"])["test"]));
            Assert.StartsWith("Host=db;", Setting(service, "ConnectionStrings__Bulletins"), StringComparison.Ordinal);
            var dependsOn = (YamlMappingNode)service["depends_on"];
            Assert.Equal("service_healthy", ((YamlScalarNode)((YamlMappingNode)dependsOn["db"])["condition"]).Value);
            Assert.True(Services().Any(s => s.Name == "db" && s.Service.Children.ContainsKey("healthcheck")), name);
        }

        // The image's own HEALTHCHECK runs the same verb.
        var dockerfile = File.ReadAllText(Path.Combine(DockerfileTests.Root(), "Dockerfile"));
        Assert.Contains("""CMD ["dotnet", "BulletinBot.dll", "health"]""", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_replica_keeps_its_index_on_a_volume_of_its_own()
    {
        var volumes = new List<string>();
        foreach (var (name, service) in Replicas())
        {
            var indexPath = Setting(service, "Storage__IndexPath");
            Assert.False(string.IsNullOrEmpty(indexPath), name);
            var mount = Scalars(service["volumes"])
                .Select(v => v.Split(':'))
                .Single(parts => indexPath!.StartsWith(parts[1].TrimEnd('/') + "/", StringComparison.Ordinal));
            volumes.Add(mount[0]);
        }

        Assert.Equal(2, volumes.Distinct(StringComparer.Ordinal).Count());
        var declared = ((YamlMappingNode)Compose["volumes"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
        Assert.All(volumes, volume => Assert.Contains(volume, declared));
    }

    [Fact]
    public void No_token_or_password_is_written_into_the_file()
    {
        foreach (var (name, service) in Replicas())
        {
            var environment = Scalars(service["environment"]);

            // Named without a value: passed on from the environment of docker compose when set there.
            Assert.Contains("Telegram__BotToken", environment);
            Assert.Contains("Discord__BotToken", environment);
            Assert.DoesNotContain(environment, e => e.StartsWith("Telegram__BotToken=", StringComparison.Ordinal) || e.StartsWith("Discord__BotToken=", StringComparison.Ordinal));
            Assert.Contains("Password=${POSTGRES_PASSWORD", Setting(service, "ConnectionStrings__Bulletins"), StringComparison.Ordinal);
            Assert.False(service.Children.ContainsKey("env_file"), name);
        }

        var db = Services().Single(s => s.Name == "db").Service;
        Assert.StartsWith("POSTGRES_PASSWORD=${POSTGRES_PASSWORD", Scalars(db["environment"]).Single(e => e.StartsWith("POSTGRES_PASSWORD", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
