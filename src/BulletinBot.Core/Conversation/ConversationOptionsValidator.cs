using Microsoft.Extensions.Options;

namespace BulletinBot.Core.Conversation;

/// <summary>Checks <see cref="ConversationOptions"/> by their attributes, generated at build time.</summary>
[OptionsValidator]
internal sealed partial class ConversationOptionsValidator : IValidateOptions<ConversationOptions>;
