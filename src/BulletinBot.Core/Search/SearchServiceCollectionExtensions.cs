using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulletinBot.Core.Search;

/// <summary>Search over the store: the posting index beside it, opened or built on first use.</summary>
public static class SearchServiceCollectionExtensions
{
    /// <summary>Registers <see cref="BulletinSearch"/>; it has no settings of its own yet, the store's path places its index.</summary>
    public static IServiceCollection AddBulletinSearch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<BulletinSearch>();
        return services;
    }
}
