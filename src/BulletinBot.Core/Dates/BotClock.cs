using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Dates;

/// <summary><c>Bot:TimeZone</c>: the zone the bot lives in, an IANA name such as <c>Europe/Madrid</c>.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>What today and yesterday mean and how times are shown; the host's own zone when not set.</summary>
    public string? TimeZone { get; set; }
}

/// <summary>Refuses a <see cref="BotOptions.TimeZone"/> this machine does not know, with one line naming the setting.</summary>
internal sealed class BotOptionsValidator : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options) =>
        options.TimeZone is not { } id || BotClock.FindZone(id) is not null
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Bot:TimeZone \"{(id.Length > 40 ? id[..40] + "…" : id)}\" is not a time zone this machine knows; use an IANA name such as Europe/Madrid or UTC, or remove it for the host's zone.");
}

/// <summary>
/// The bot's day and the times it shows, in <c>Bot:TimeZone</c> (else the zone of <paramref name="time"/>, the host's):
/// what "today" and "yesterday" mean, and every time a reply shows, with the zone's name beside it.
/// </summary>
public sealed class BotClock(TimeProvider time, TimeZoneInfo zone)
{
    public BotClock(TimeProvider time, IOptions<BotOptions> options)
        : this(time, options?.Value.TimeZone is { } id ? FindZone(id) ?? time.LocalTimeZone : time.LocalTimeZone)
    {
    }

    public TimeZoneInfo Zone => zone;

    /// <summary>The day it is now where the bot lives.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);

    /// <summary>"2026-12-06 08:10 Europe/Madrid": <paramref name="moment"/> in this clock's zone, named.</summary>
    public string Show(DateTimeOffset moment) => Show(moment, zone);

    /// <summary>"2026-12-06 08:10 Europe/Madrid": <paramref name="moment"/> in <paramref name="zone"/>, named.</summary>
    public static string Show(DateTimeOffset moment, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} {NameOf(zone)}");
    }

    /// <summary>A clock in <paramref name="time"/>'s own zone, for a handler composed without settings (tests).</summary>
    public static BotClock Of(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new BotClock(time, time.LocalTimeZone);
    }

    /// <summary>The zone an IANA (or Windows) name stands for; null when this machine knows none by that name.</summary>
    public static TimeZoneInfo? FindZone(string id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var found) ? found : null;

    /// <summary>The zone's IANA name where it has one ("Europe/Madrid"); "UTC" for UTC however the machine spells it.</summary>
    private static string NameOf(TimeZoneInfo zone)
    {
        if (zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Coordinated Universal Time" || zone == TimeZoneInfo.Utc)
        {
            return "UTC";
        }

        return zone.HasIanaId || !TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? zone.Id : iana;
    }
}

public static class BotClockServiceCollectionExtensions
{
    /// <summary><c>Bot:TimeZone</c>, checked at start, and the <see cref="BotClock"/> that reads it.</summary>
    public static IServiceCollection AddBotClock(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new BotClock(provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<IOptions<BotOptions>>()));
        return services;
    }
}
