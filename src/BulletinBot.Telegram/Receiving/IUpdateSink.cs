using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// Where a received update goes, by polling or by webhook: first to the door (<see cref="AdmitAsync"/>) as soon as it
/// arrives, then, in its chat's turn, to <see cref="HandleAsync"/> or <see cref="RefuseAsync"/>.
/// </summary>
public interface IUpdateSink
{
    /// <summary>Which chat's queue the update joins, or that it is dropped; takes the sender's command budget.</summary>
    ValueTask<UpdateAdmission> AdmitAsync(Update update, CancellationToken cancellationToken);

    /// <summary>Answers an admitted update; its budget was already taken at the door.</summary>
    Task HandleAsync(Update update, CancellationToken cancellationToken);

    /// <summary>Tells the sender of a refused update that they are over their budget.</summary>
    Task RefuseAsync(Update update, CancellationToken cancellationToken);
}

/// <summary>
/// The door's verdict on one update: the chat whose queue it joins (replies in one chat keep their order), or none
/// when it is dropped; <see cref="TooFast"/> when it is only to be answered with "over budget".
/// </summary>
public sealed record UpdateAdmission(string? Lane, bool TooFast = false)
{
    public static UpdateAdmission Drop { get; } = new(Lane: null);
}
