using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace BulletinBot.Composition;

/// <summary>
/// The composition of a one-shot verb (ask, health), and the settings check of every verb before it asks a running owner: the same registrations as the Generic Host's
/// <see cref="HostMode.OneShot"/> (<see cref="BotHost.AddBotServices"/>) in a plain service provider,
/// without the host, its lifetime, hosted services or the console logger's writer thread. Options are
/// validated at <see cref="Start"/> as the host validates them at its start; disposing closes the store.
/// </summary>
internal sealed class OneShotHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OneShotHost(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;

    /// <summary>Composes the verb; <paramref name="role"/> says in the store's owner file what this process does.</summary>
    public static OneShotHost Build(IConfiguration configuration, string role)
    {
        // A one-shot resolves each service once or twice: emitting IL for the provider's resolvers (after a
        // second resolution, on the thread pool) costs it more than it could ever save. The switch is read
        // once per process, when the first provider is built; a one-shot process builds only this one.
        AppContext.SetSwitch("Microsoft.Extensions.DependencyInjection.DisableDynamicEngine", true);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton<IHostEnvironment>(new OneShotEnvironment());
        var redactor = ConfiguredSecrets.Redactor(configuration);
        services.AddSingleton(redactor);
        services.AddLogging(logging => logging
            .AddConfiguration(BotHost.LoggingSettings(configuration, interactive: true))
            .AddProvider(new LineLoggerProvider(Console.Error, TimeProvider.System, redactor)));
        services.AddBotServices(configuration, HostMode.OneShot, role);
        return new OneShotHost(services.BuildServiceProvider());
    }

    /// <summary>Validates the options as the host's start does: a bad setting throws <see cref="OptionsValidationException"/>.</summary>
    public void Start() => _services.GetService<IStartupValidator>()?.Validate();

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>The content root is the current directory, as for the Generic Host.</summary>
    private sealed class OneShotEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;

        public string ApplicationName { get; set; } = typeof(OneShotHost).Assembly.GetName().Name!;

        public string ContentRootPath { get; set; } = Directory.GetCurrentDirectory();

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
