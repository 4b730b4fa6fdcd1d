using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Announcing;

/// <summary>Checks <see cref="AnnouncementOptions"/> by their attributes, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class AnnouncementOptionsValidator : IValidateOptions<AnnouncementOptions>;
