using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Core.Replicas;

/// <summary>
/// The leader lease (<see cref="WorkLeaseNames.Leader"/>) taken once per process and shared by everything that is the
/// leader's work (reading the sources, watching the seeds folder, feeding and dispatching the outbox): each waits for a
/// term and stops when it ends. One hold for them all, because a lease is held by one holder at a time.
/// </summary>
public sealed class Leadership(IWorkLeases leases, TimeProvider time, ILogger<Leadership> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<CancellationToken> _term = NewTerm();

    /// <summary>Whether this process leads now.</summary>
    public bool Leading
    {
        get
        {
            lock (_gate)
            {
                return _term.Task.IsCompletedSuccessfully && !_term.Task.Result.IsCancellationRequested;
            }
        }
    }

    /// <summary>Waits until this process leads; returns a token cancelled when this term ends.</summary>
    public async Task<CancellationToken> NextTermAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            Task<CancellationToken> term;
            lock (_gate)
            {
                term = _term.Task;
            }

            var token = await term.WaitAsync(stoppingToken).ConfigureAwait(false);
            if (!token.IsCancellationRequested)
            {
                return token;
            }

            // A term that has just ended: wait for the next one.
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in every term this process leads, with a token cancelled when the term ends or the
    /// host stops; returns when <paramref name="stoppingToken"/> is cancelled. Work that fails (the database server
    /// gone mid-term) is run again after a back-off while the term lasts, never thrown at the host.
    /// </summary>
    public async Task EachTermAsync(Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await NextTermAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            using var guarded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            try
            {
                await work(guarded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (guarded.IsCancellationRequested)
            {
                // The term ended, or the host stops.
                failures = 0;
                continue;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failures++;
                var backOff = WorkLeaseExtensions.BackOff(leases.RetryEvery * 4, failures);
                logger.LogWarning("Leader work failed ({Reason}); it runs again in {Delay} while this replica leads", exception.Message, backOff);
                await WaitQuietly(term, stoppingToken, backOff).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            if (!term.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                // The work ended on its own: it waits for the next term rather than running again at once.
                await WaitQuietly(term, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.RunWhileHeldAsync(WorkLeaseNames.Leader, LeadAsync, time, logger, stoppingToken);

    private async Task LeadAsync(CancellationToken term)
    {
        lock (_gate)
        {
            _term.TrySetResult(term);
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, term).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _term = NewTerm();
            }
        }
    }

    private async Task WaitQuietly(CancellationToken term, CancellationToken stoppingToken, TimeSpan? atMost = null)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(term, stoppingToken);
        try
        {
            await Task.Delay(atMost ?? Timeout.InfiniteTimeSpan, time, either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The term ended or the host stops.
        }
    }

    private static TaskCompletionSource<CancellationToken> NewTerm() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public static class LeadershipServiceCollectionExtensions
{
    /// <summary>The process's leader lease, for the background services that do the leader's work.</summary>
    public static IServiceCollection AddLeadership(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Leadership)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Leadership>();
        services.AddHostedService(provider => provider.GetRequiredService<Leadership>());
        return services;
    }
}
