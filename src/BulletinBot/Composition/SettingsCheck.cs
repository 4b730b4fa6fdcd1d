using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace BulletinBot.Composition;

/// <summary>
/// Checks, before anything is built, that every value given for a bound options class converts to its
/// property's type. The configuration binder throws for the first bad value with a stack trace, and
/// silently drops a list element (a source) whose value does not convert; here every bad value is
/// named, in every section, in one line. Options classes are found by their registration
/// (<c>Bind</c> registers a change token source) and their <c>Section</c> constant, so a new setting is
/// covered without new code here.
/// </summary>
internal static class SettingsCheck
{
    private const int MaxShownValue = 40;

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every value that does not convert.</summary>
    public static IServiceCollection CheckSettingsConvert(this IServiceCollection services, IConfiguration configuration)
    {
        var failures = services
            .Select(descriptor => descriptor.ServiceType)
            .Where(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(type => type.GetGenericArguments()[0])
            .Distinct()
            .SelectMany(type => SectionOf(type) is { } section ? Unconvertible(type, configuration.GetSection(section)) : [])
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("settings", typeof(IConfiguration), failures);
        }

        return services;
    }

    /// <summary>The failures of every value under <paramref name="section"/> bound to <paramref name="type"/>.</summary>
    public static IEnumerable<string> Unconvertible(Type type, IConfigurationSection section) =>
        section.GetChildren().SelectMany(child => Property(type, child.Key) is { } property
            ? Check(property.PropertyType, child)
            : []);

    private static string? SectionOf(Type type) =>
        type.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;

    private static PropertyInfo? Property(Type type, string key) =>
        type.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    private static IEnumerable<string> Check(Type declared, IConfigurationSection section)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (IsScalar(type))
        {
            return section.Value is { Length: > 0 } value && !Converts(type, value) ? [Failure(section.Path, value, type)] : [];
        }

        if (ElementType(type) is { } element)
        {
            return section.GetChildren().SelectMany(child => Check(element, child));
        }

        // A value where a group of settings belongs (Ingestion:Sources:0=foo): the binder drops such an entry.
        if (section.Value is { Length: > 0 } scalar && !section.GetChildren().Any())
        {
            return [$"{section.Path} is \"{Shown(scalar)}\", which is not a group of settings; set its parts instead (e.g. {section.Path}:{FirstProperty(type)})."];
        }

        return Unconvertible(type, section);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(Uri) || type == typeof(Guid);

    /// <summary>The element type of a list or array, or a dictionary's value type; null for anything else.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType)
        {
            return null;
        }

        var arguments = type.GetGenericArguments();
        return arguments[^1];
    }

    /// <summary>The binder's own conversion: the type's converter with the invariant culture.</summary>
    private static bool Converts(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException or OverflowException
            || exception.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static string Failure(string path, string value, Type type) => $"{path} is \"{Shown(value)}\", which is not {Expected(type)}.";

    private static string Shown(string value)
    {
        var shown = value.Length > MaxShownValue ? value[..MaxShownValue] + "…" : value;
        return new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }

    private static string FirstProperty(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault()?.Name ?? "Name";

    private static string Expected(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "a duration (d.hh:mm:ss, e.g. 00:05:00 for five minutes)",
        _ when type == typeof(bool) => "true or false",
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) => "a whole number",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number (e.g. 1.5)",
        _ when type == typeof(Uri) => "an address",
        _ => string.Create(CultureInfo.InvariantCulture, $"a {type.Name}"),
    };
}
