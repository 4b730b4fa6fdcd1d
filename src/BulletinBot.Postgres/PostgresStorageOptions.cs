using Microsoft.Extensions.Options;
using Npgsql;

namespace BulletinBot.Postgres;

/// <summary>The database of a store on PostgreSQL: <c>ConnectionStrings:Bulletins</c> (<c>ConnectionStrings__Bulletins</c>).</summary>
public sealed class PostgresStorageOptions
{
    public const string Section = "ConnectionStrings";

    public const string Setting = Section + ":" + nameof(Bulletins);

    /// <summary>An Npgsql connection string (Host=...;Database=...;Username=...;Password=...).</summary>
    public string? Bulletins { get; set; }
}

/// <summary>
/// Checks at start that the connection string is there and can be read. Its value is never echoed: it may hold a
/// password (which the host also registers as a secret, so no printed line shows it).
/// </summary>
internal sealed class PostgresStorageOptionsValidator : IValidateOptions<PostgresStorageOptions>
{
    public const string MissingMessage =
        PostgresStorageOptions.Setting + " is not set; Storage:Provider is Postgres, so name the database " +
        "(e.g. Host=db;Database=bulletins;Username=bot;Password=...), or set Storage:Provider to LiteDb.";

    public ValidateOptionsResult Validate(string? name, PostgresStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Bulletins))
        {
            return ValidateOptionsResult.Fail(MissingMessage);
        }

        return Unreadable(options.Bulletins) is { } reason
            ? ValidateOptionsResult.Fail(
                $"{PostgresStorageOptions.Setting} cannot be read as a PostgreSQL connection string ({reason}); " +
                "write it as Host=...;Database=...;Username=...;Password=...")
            : ValidateOptionsResult.Success;
    }

    /// <summary>Why <paramref name="connectionString"/> cannot be used, or null when it can.</summary>
    internal static string? Unreadable(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(builder.Host) ? "it names no Host" : null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidOperationException)
        {
            return exception.Message.ReplaceLineEndings(" ").TrimEnd('.');
        }
    }
}
