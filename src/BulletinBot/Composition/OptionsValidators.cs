using BulletinBot.Core.Announcing;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace BulletinBot.Composition;

// Validators generated at build time from the options' attributes, instead of reflection at start.

[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;

[OptionsValidator]
internal sealed partial class IngestionOptionsValidator : IValidateOptions<IngestionOptions>;

[OptionsValidator]
internal sealed partial class ConversationOptionsValidator : IValidateOptions<ConversationOptions>;

[OptionsValidator]
internal sealed partial class AnnouncementOptionsValidator : IValidateOptions<AnnouncementOptions>;
