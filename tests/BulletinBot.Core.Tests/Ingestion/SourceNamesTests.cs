using BulletinBot.Core.Ingestion;

namespace BulletinBot.Core.Tests.Ingestion;

public sealed class SourceNamesTests
{
    [Fact]
    public void Sources_of_one_site_are_named_by_their_paths_and_numbered_when_the_paths_end_alike()
    {
        var options = new IngestionOptions
        {
            Sources =
            [
                new HttpSourceOptions { Url = "https://misiones.example.cu/en/usa" },
                new HttpSourceOptions { Url = "https://misiones.example.cu/en/articulos/105?page=2" },
                new HttpSourceOptions { Url = "http://127.0.0.1:8001/feed" },
                new HttpSourceOptions { Url = "http://127.0.0.1:8002/feed" },
                new HttpSourceOptions { Url = "https://www.other.example/news" },
                new HttpSourceOptions { Url = "https://misiones.example.cu/es/usa", ShortName = "usa-es" },
            ],
        };

        SourceDirectory.NameUnnamed(options);

        Assert.Equal(
            ["misiones.example.cu-usa", "misiones.example.cu-105", "127.0.0.1-feed", "127.0.0.1-feed-2", null, "usa-es"],
            options.Sources.Select(s => s.ShortName));
        Assert.Equal("other.example", SourceDirectory.NameOf(options.Sources[4]));
        Assert.All(options.Sources.Take(4), s => Assert.Matches("^[a-z0-9][a-z0-9._-]{0,39}$", s.ShortName!));
    }
}
