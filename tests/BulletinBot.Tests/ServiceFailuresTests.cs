using BulletinBot.Composition;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BulletinBot.Tests;

/// <summary>
/// A background service that fails stops the host; the bot must then exit with an error naming it, not 0. A service
/// that throws only while the host stops is not a failure that stopped it.
/// </summary>
public sealed class ServiceFailuresTests
{
    [Fact]
    public async Task A_service_that_fails_stops_the_host_and_is_named_in_one_line()
    {
        using var host = Build(services => services
            .AddHostedService<StopsOnlyWhenAsked>()
            .AddHostedService(_ => new FailsAfterStart(new InvalidOperationException("the queue was gone\nsecond line"))));
        var failures = ServiceFailures.Watch(host);

        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var failed = Assert.Throws<ServiceFailedException>(failures.ThrowIfAny);
        Assert.Equal(
            "FailsAfterStart failed (InvalidOperationException: the queue was gone); the bot stopped. Start it again (a restart-on-failure policy does).",
            failed.Message);
    }

    [Fact]
    public async Task A_store_failure_that_stops_the_host_keeps_its_own_exception_for_exit_3()
    {
        using var host = Build(services => services.AddHostedService(_ => new FailsAfterStart(new StorageException("the store is gone"))));
        var failures = ServiceFailures.Watch(host);

        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("the store is gone", Assert.Throws<StorageException>(failures.ThrowIfAny).Message);
    }

    [Fact]
    public async Task A_stop_asked_for_is_no_failure_even_when_a_service_throws_while_stopping()
    {
        using var host = Build(services => services.AddHostedService<ThrowsWhileStopping>());
        var failures = ServiceFailures.Watch(host);
        var service = host.Services.GetServices<IHostedService>().OfType<ThrowsWhileStopping>().Single();
        await host.StartAsync();
        await service.Running.WaitAsync(TimeSpan.FromSeconds(30));

        await host.StopAsync();

        failures.ThrowIfAny();
        Assert.Equal(TaskStatus.Faulted, service.ExecuteTask!.Status);
    }

    private static IHost Build(Action<IServiceCollection> add)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        add(builder.Services);
        return builder.Build();
    }

    private sealed class FailsAfterStart(Exception error) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw error;
        }
    }

    private sealed class StopsOnlyWhenAsked : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    /// <summary>Fails once its token is cancelled, as a service that trips over something already disposed would.</summary>
    private sealed class ThrowsWhileStopping : BackgroundService
    {
        private readonly TaskCompletionSource running = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Running => running.Task;

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            running.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException("thrown while stopping");
            }
        }
    }
}
