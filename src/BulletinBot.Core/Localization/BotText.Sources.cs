namespace BulletinBot.Core.Localization;

/// <summary>The words of the sources command and of <c>source:</c> filters.</summary>
public sealed partial class BotText
{
    public string SourcesHeading => Get(nameof(SourcesHeading));

    public string SourceLine(object name, object items, object lastRead) => Format(nameof(SourceLine), name, items, lastRead);

    public string SourceLineNeverRead(object name, object items) => Format(nameof(SourceLineNeverRead), name, items);

    public string SourceLineFailing(object name, object items, object lastRead, object error) => Format(nameof(SourceLineFailing), name, items, lastRead, error);

    public string SourcesNone => Get(nameof(SourcesNone));

    public string SourcesFooter(object example) => Format(nameof(SourcesFooter), example);

    public string SourceUnknown(object name) => Format(nameof(SourceUnknown), name);

    public string SourceUnknownHint(object names) => Format(nameof(SourceUnknownHint), names);

    public string SourceNameMissing => Get(nameof(SourceNameMissing));

    /// <summary>A listing's heading narrowed to one source: "Latest (source seeds)".</summary>
    public string FromSource(object heading, object source) => Format(nameof(FromSource), heading, source);
}
