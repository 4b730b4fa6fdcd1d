using BulletinBot.Core.Commands;
using BulletinBot.Discord.Rendering;
using BulletinBot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulletinBot.Discord.Interactions;

/// <summary>
/// The slash commands, built from the command catalog and registered by bulk overwrite: globally, or in one
/// guild with Discord:GuildId (guild commands update at once, global ones can take a while).
/// </summary>
public sealed class SlashCommands(DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<SlashCommands> logger)
{
    public const string Spanish = "es-ES";
    public const int MaxDescription = 100;

    /// <summary>The arguments whose values Discord asks us to complete as people type.</summary>
    public static bool Autocompletes(string command, string option) => (command, option) is ("search", "query") or ("show", "id");

    public static IReadOnlyList<SlashCommand> Build() =>
        [.. CommandCatalog.All.Where(spec => spec.ListedInMenus).Select(spec => new SlashCommand(
            spec.Name,
            new Dictionary<string, string> { [Spanish] = spec.NameEs },
            Describe(spec.Description),
            new Dictionary<string, string> { [Spanish] = Describe(spec.DescriptionEs) },
            [.. spec.Arguments.Select(argument => Option(spec, argument))]))];

    public async Task RegisterAsync(string applicationId, CancellationToken cancellationToken)
    {
        var guild = options.Value.GuildId is { Length: > 0 } id ? id : null;
        var commands = Build();
        var request = DiscordRequest.OverwriteCommands(applicationId, guild, commands);
        (await rest.SendAsync(request, cancellationToken)).EnsureSuccess(request.Route);
        logger.LogInformation("Registered {Count} Discord slash commands {Scope}", commands.Count, guild is null ? "globally" : $"in guild {guild}");
    }

    private static SlashOption Option(CommandSpec spec, ArgumentSpec argument)
    {
        var description = Describe(argument.Description);
        var spanish = new Dictionary<string, string> { [Spanish] = Describe(argument.DescriptionEs) };
        return argument.Kind == ArgumentKind.Number
            ? new SlashOption(SlashOption.WholeNumberOption, argument.Name, description, spanish, argument.Required)
            {
                MinValue = argument.Min,
                MaxValue = argument.Max,
            }
            : new SlashOption(SlashOption.TextOption, argument.Name, description, spanish, argument.Required)
            {
                MinLength = argument.Min,
                MaxLength = argument.Max,
                Autocomplete = Autocompletes(spec.Name, argument.Name) ? true : null,
            };
    }

    /// <summary>Discord takes 1 to 100 characters; a longer description is cut at a word.</summary>
    private static string Describe(string text) => DiscordText.Fit(text.Trim(), MaxDescription);
}

/// <summary>A CHAT_INPUT command as the bulk overwrite takes it.</summary>
public sealed record SlashCommand(
    string Name,
    IReadOnlyDictionary<string, string> NameLocalizations,
    string Description,
    IReadOnlyDictionary<string, string> DescriptionLocalizations,
    IReadOnlyList<SlashOption> Options)
{
    public int Type { get; init; } = 1;
}

public sealed record SlashOption(
    int Type,
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> DescriptionLocalizations,
    bool Required)
{
    public const int TextOption = 3;
    public const int WholeNumberOption = 4;

    public int? MinValue { get; init; }

    public int? MaxValue { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public bool? Autocomplete { get; init; }
}
