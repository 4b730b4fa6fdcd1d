using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Storage;

/// <summary>Checks <see cref="StorageOptions"/> by their attributes, generated at build time instead of reflection at start.</summary>
[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
