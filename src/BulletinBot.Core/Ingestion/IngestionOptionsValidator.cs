using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Ingestion;

/// <summary>Checks <see cref="IngestionOptions"/> (each web source too) by their attributes, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class IngestionOptionsValidator : IValidateOptions<IngestionOptions>;
