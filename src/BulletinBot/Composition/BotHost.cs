using BulletinBot.Core.Announcing;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Replicas;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using BulletinBot.Owner;
using BulletinBot.Postgres;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace BulletinBot.Composition;

/// <summary>What a verb needs composed. Only <see cref="Service"/> ever connects to a chat platform.</summary>
internal enum HostMode
{
    /// <summary>
    /// ask, health and ingest: the store, search, commands and the sources, nothing in the background (ask and health,
    /// and every verb's settings check before it asks a running bot, compose it without the host, <see cref="OneShotHost"/>).
    /// </summary>
    OneShot,

    /// <summary>The terminal chat: Core, and the sources read again in the background while it runs.</summary>
    Chat,

    /// <summary>run with a platform token: Core, the background ingestion and every platform whose token is set.</summary>
    Service,
}

/// <summary>
/// Builds the Generic Host: appsettings.json from the content root, then environment variables.
/// It starts from the empty builder and adds just those sources and the console logger: the default
/// builder's file watchers, command-line source and extra log providers cost a one-shot "ask" more
/// start-up time than its whole answer.
/// </summary>
internal static class BotHost
{
    public static IConfiguration LoadConfiguration(IReadOnlyDictionary<string, string?>? overrides)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables();
        if (environment == Environments.Development)
        {
            // dotnet user-secrets keeps tokens out of the repository on a developer's machine.
            configuration.AddUserSecrets(typeof(BotHost).Assembly, optional: true, reloadOnChange: false);
        }

        if (overrides is not null)
        {
            configuration.AddInMemoryCollection(overrides);
        }

        return configuration.Build();
    }

    /// <summary>Builds the host for <paramref name="mode"/>; <paramref name="role"/> says in the store's owner file what this process does.</summary>
    public static IHost Build(IConfiguration configuration, HostMode mode, bool interactive, string role)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Logging.AddConfiguration(LoggingSettings(builder.Configuration, interactive));
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });

        // Every console line passes the redactor: the console provider is registered wrapped in it.
        var redactor = ConfiguredSecrets.Redactor(configuration);
        builder.Services.AddSingleton(redactor);
        builder.Services.RemoveAll<ILoggerProvider>();
        builder.Services.AddSingleton<ILoggerProvider>(provider => new RedactingLoggerProvider(
            new ConsoleLoggerProvider(provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), provider.GetServices<ConsoleFormatter>()),
            redactor));

        // A failed start, or a service's failure that stops the host (ServiceFailures), is reported once, as one line,
        // by the command line; not again with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<ConsoleLoggerOptions>(
            options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddBotServices(configuration, mode, role);
        return builder.Build();
    }

    /// <summary>What every composition registers for <paramref name="mode"/>, the Generic Host's and the one-shot verbs' alike.</summary>
    public static IServiceCollection AddBotServices(this IServiceCollection services, IConfiguration configuration, HostMode mode, string role)
    {
        // Each Core feature registers itself, bound to the loaded configuration itself: chained into the builder's,
        // an empty value would read as missing, and an empty Storage:Path must be an error, not the default.
        // Every mode composes the same sources (ingestion's), so ingest, ask, the chat and the bot read the same ones.
        services.TryAddSingleton(_ => ConfiguredSecrets.Redactor(configuration));
        var postgres = StorageServiceCollectionExtensions.ProviderOf(configuration) == StorageProvider.Postgres;
        if (postgres)
        {
            services.AddPostgresStorage(configuration);
        }
        else
        {
            services.AddBulletinStorage(configuration, role);
        }

        // The leases of work that runs once among replicas; the embedded store's unless the provider registered its own.
        services.AddReplicas(configuration);

        services
            .AddBulletinSearch(configuration)
            .AddBulletinIngestion(configuration)
            .AddWebSourceResilience()
            .AddConversation(configuration);
        services.AddSingleton<HealthReport>();
        if (mode != HostMode.OneShot)
        {
            // The owner of a store file answers the ask, ingest and health of other processes; a database server
            // answers every replica's and every verb's itself.
            if (!postgres)
            {
                services.AddHostedService<OwnerServer>();
            }

            // The chat ingests at start itself, to show what it read before the first prompt; only the bot watches the
            // seeds folder for new pages. Among replicas only the leader reads the sources and announces.
            services.AddLeadership();
            services.AddBackgroundIngestion(ingestAtStart: mode == HostMode.Service, watchSeeds: mode == HostMode.Service);
        }

        if (mode == HostMode.Service)
        {
            services.AddPlatforms(configuration);
            services.AddAnnouncements(configuration);
        }

        return services.CheckSettingsConvert(configuration);
    }

    /// <summary>The Logging settings; when a person reads stdout, only problems are logged (to stderr).</summary>
    public static IConfigurationSection LoggingSettings(IConfiguration configuration, bool interactive) =>
        (interactive
            ? new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]).Build()
            : configuration).GetSection("Logging");
}
