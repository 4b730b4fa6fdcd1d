namespace BulletinBot.Core.Tests.Bulletins;

internal static class PageBuilder
{
    /// <summary>A page with the header "Test desk" and the given blocks separated by blank lines.</summary>
    public static string Page(params string[] blocks) => "Test desk\n\n" + string.Join("\n\n", blocks) + "\n";

    public const string Filler = "The delegations reviewed the agenda.";
}
