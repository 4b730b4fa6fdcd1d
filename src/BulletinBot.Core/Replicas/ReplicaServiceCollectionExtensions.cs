using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BulletinBot.Core.Replicas;

public static class ReplicaServiceCollectionExtensions
{
    /// <summary>
    /// The <c>Replicas</c> settings, and the embedded store's leases unless a provider registered its own before
    /// (PostgreSQL registers leases and pace marks the replicas share).
    /// </summary>
    public static IServiceCollection AddReplicas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReplicaOptions>()
            .Bind(configuration.GetSection(ReplicaOptions.Section))
            .Validate(options => options.IsValid, ReplicaOptions.TakeoverAfterMessage)
            .ValidateOnStart();
        services.TryAddSingleton<IWorkLeases, SingleProcessLeases>();
        services.TryAddSingleton<IPaceMarks, SingleProcessPaceMarks>();
        return services;
    }
}
