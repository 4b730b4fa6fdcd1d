using BulletinBot.Composition;

namespace BulletinBot;

/// <summary>
/// Builds the Generic Host: appsettings.json from the content root, then environment variables.
/// It starts from the empty builder and adds just those sources and the console logger: the default
/// builder's file watchers, command-line source and extra log providers cost a one-shot "ask" more
/// start-up time than its whole answer.
/// </summary>
internal static class BotHost
{
    public static IHost Build(IReadOnlyDictionary<string, string?>? overrides, bool interactive, bool platforms = false)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{builder.Environment.EnvironmentName}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables();

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // A bot that is live on a platform logs what it does; the terminal chat only its problems.
        var live = platforms && PlatformServiceCollectionExtensions.AnyConfigured(builder.Configuration);
        if (interactive && !live)
        {
            // A person is reading stdout: only problems are logged, and to stderr.
            builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        }

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            options => options.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services
            .AddBulletinStore(builder.Configuration)
            .AddBulletinSearch()
            .AddIngestion(builder.Configuration)
            .AddCommands();
        if (live)
        {
            builder.Services.AddPlatforms(builder.Configuration);
        }

        return builder.Build();
    }
}
