using BulletinBot.Composition;

namespace BulletinBot;

/// <summary>Builds the Generic Host: appsettings.json from the content root, then environment variables.</summary>
internal static class BotHost
{
    public static IHost Build(IReadOnlyDictionary<string, string?>? overrides, bool interactive)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        if (interactive)
        {
            // A person is reading stdout: only problems are logged, and to stderr.
            builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        }

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        builder.Logging.ClearProviders();
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
        return builder.Build();
    }
}
