using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BulletinBot.Tests;

/// <summary>The one resolver of Storage:Path and the names of the files beside a store; Core's own registrations.</summary>
public sealed class StoreFilesTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void Every_file_beside_a_store_is_named_from_the_store()
    {
        var files = new StoreFiles(Path.Combine("/srv", "data", "bulletins.db"));

        Assert.Equal("/srv/data/bulletins-log.db", files.Log);
        Assert.Equal("/srv/data/bulletins.db.lock", files.Lock);
        Assert.Equal("/srv/data/bulletins.db.owner", files.Owner);
        Assert.Equal("/srv/data/bulletins.db.sock", files.Socket);
        Assert.Equal("/srv/data/bulletins.db.index", files.IndexFolder);
        Assert.Equal("/srv/data/bulletins.db.damaged-20300302-101500", files.DamagedAside(new DateTime(2030, 3, 2, 10, 15, 0, DateTimeKind.Utc)));
        Assert.Equal("/srv/data/bulletins.db.damaged-20300302-101500-log", StoreFiles.DamagedLogOf(files.DamagedAside(new DateTime(2030, 3, 2, 10, 15, 0, DateTimeKind.Utc))));
        Assert.Equal("bulletins.db.damaged-*", files.DamagedPattern);
        Assert.Equal(StoreLock.LockPath(files.Store), files.Lock);
        Assert.Equal(StoreRecovery.LogOf(files.Store), files.Log);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_Storage_Path_is_refused_naming_the_setting_and_never_read_as_the_default(string empty)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => StoreFiles.Resolve(Settings(("Storage:Path", empty)), "/srv"));

        var line = Assert.Single(failure.Failures);
        Assert.StartsWith("Storage:Path is empty", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_path_is_the_default_a_relative_one_is_from_the_content_root_and_memory_stays_memory()
    {
        Assert.Equal(StorageOptions.DefaultPath("/srv"), StoreFiles.Resolve(Settings(), "/srv").Store);
        Assert.Equal("/srv/data/b.db", StoreFiles.Resolve(Settings(("Storage:Path", "data/b.db")), "/srv").Store);
        Assert.True(StoreFiles.Resolve(Settings(("Storage:Path", StorageOptions.InMemory)), "/srv").InMemory);
    }

    [Fact]
    public void Ingestion_registers_the_seeds_and_every_configured_web_source()
    {
        var configuration = Settings(
            ("Storage:Path", StorageOptions.InMemory),
            ("Ingestion:Sources:0:Url", "http://127.0.0.1:9/news"),
            ("Ingestion:Sources:1:Url", "http://127.0.0.1:9/feed"),
            ("Ingestion:Sources:1:Kind", "Feed"));
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new Environment(Path.GetTempPath()))
            .AddLogging()
            .AddBulletinStorage(configuration, "ask")
            .AddBulletinIngestion(configuration);
        using var provider = services.BuildServiceProvider();

        var sources = provider.GetServices<IBulletinSource>().ToList();

        Assert.Equal(3, sources.Count);
        Assert.Equal(["http://127.0.0.1:9/news", "http://127.0.0.1:9/feed"], sources.OfType<HttpBulletinSource>().Select(s => s.Name));

        // Two sources of one site are told apart by their paths, with no ShortName set.
        Assert.Equal(["127.0.0.1-news", "127.0.0.1-feed"], sources.OfType<HttpBulletinSource>().Select(s => s.ShortName));
    }

    private sealed class Environment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = root;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
