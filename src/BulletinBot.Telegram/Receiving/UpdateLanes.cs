using System.Text.Json;
using System.Threading.Channels;
using BulletinBot.Core.Secrets;
using BulletinBot.Telegram.Api;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;

namespace BulletinBot.Telegram.Receiving;

/// <summary>
/// One queue per chat in front of the sink. Updates pass the door as they arrive; each chat's admitted updates are
/// answered one at a time and in order, and up to <see cref="MaxConcurrentChats"/> chats are answered at once, so a
/// chat waiting out a 429 (or a slow answer) holds up only itself. An update is kept in the offset store from the
/// moment the offset moves past it until its chat answered it (see <see cref="IUpdateOffsetStore"/>).
/// </summary>
internal sealed class UpdateLanes : IAsyncDisposable
{
    public const int MaxConcurrentChats = 8;

    /// <summary>How many updates may wait in all queues; past it the receiver stops taking more from Telegram.</summary>
    public const int MaxQueued = 2_000;

    /// <summary>How long an update already being answered may still take once the host stops.</summary>
    private static readonly TimeSpan HandlingGrace = TimeSpan.FromSeconds(10);

    private readonly IUpdateSink sink;
    private readonly IUpdateOffsetStore offsets;
    private readonly SecretRedactor redactor;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Queue<Work>> lanes = new(StringComparer.Ordinal);
    private readonly Channel<string> ready = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim room = new(MaxQueued);
    private readonly CancellationTokenSource handling;
    private readonly Task[] workers;
    private int outstanding;
    private bool closing;
    private TaskCompletionSource? drained;

    public UpdateLanes(IUpdateSink sink, IUpdateOffsetStore offsets, SecretRedactor redactor, TimeProvider time, ILogger logger)
    {
        this.sink = sink;
        this.offsets = offsets;
        this.redactor = redactor;
        this.logger = logger;
        handling = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        workers = [.. Enumerable.Range(0, MaxConcurrentChats).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Queues again what was handed over before the last stop and not answered, before anything new.</summary>
    public void Resume() => Requeue(offsets.Unfinished(), "taken before the last stop and not yet answered are answered now");

    /// <summary>
    /// Webhook mode: queues the unanswered updates no running replica answers (see
    /// <see cref="IUpdateOffsetStore.TakeOver"/>); at start, and now and then for those of a replica that died.
    /// </summary>
    public int TakeOver() => Requeue(offsets.TakeOver(), "kept by a replica that is gone (or before this start) are answered here");

    private int Requeue(IReadOnlyList<PendingUpdate> pending, string why)
    {
        foreach (var kept in pending)
        {
            if (Read(kept.Json, out var update, out var problem))
            {
                _ = room.Wait(0);
                Enqueue(kept.Lane, new Work(kept.Id, update!, TooFast: false, Kept: true));
            }
            else
            {
                logger.LogWarning("Telegram update {UpdateId} kept from the last run is unreadable: {Problem}", kept.Id, problem);
                offsets.Finished(kept.Id);
            }
        }

        if (pending.Count > 0)
        {
            logger.LogInformation("Telegram: {Count} update(s) {Why}", pending.Count, why);
        }

        return pending.Count;
    }

    /// <summary>
    /// Takes a batch through the door and into the chats' queues; returns the next offset. The offset moves past the
    /// batch only together with the updates it must keep, so a crash after it loses none.
    /// </summary>
    public async Task<int> HandOffAsync(IReadOnlyList<JsonElement> batch, int offset, CancellationToken stoppingToken)
    {
        var next = offset;
        var admitted = new List<(string Lane, Work Work)>();
        var kept = new List<PendingUpdate>();
        try
        {
            foreach (var element in batch)
            {
                if (!UpdateReader.TryRead(element, out var id, out var update, out var problem))
                {
                    logger.LogWarning("Telegram update {UpdateId} skipped: {Problem}", id, problem);
                }
                else if (id >= next && await AdmitAsync(id, update!, stoppingToken) is { Lane: { } lane } admission)
                {
                    await room.WaitAsync(stoppingToken);
                    admitted.Add((lane, new Work(id, update!, admission.TooFast, Kept: !admission.TooFast)));
                    if (!admission.TooFast)
                    {
                        kept.Add(new PendingUpdate(id, lane, element.GetRawText()));
                    }
                }

                next = Math.Max(next, id + 1);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping while waiting for room: nothing of this batch was kept, so Telegram sends it again next time.
            if (admitted.Count > 0)
            {
                room.Release(admitted.Count);
            }

            return offset;
        }

        if (next != offset)
        {
            offsets.Accept(kept, next);
        }

        foreach (var (lane, work) in admitted)
        {
            Enqueue(lane, work);
        }

        return next;
    }

    /// <summary>
    /// Webhook mode: takes one update through the door and then claims it, kept in the store in the same step (or
    /// only claimed, when it is to be refused as too fast), and queues it only when this claim won. False when another
    /// delivery of it was claimed first. The door comes first because the claim must know the update's chat.
    /// </summary>
    public async Task<bool> HandOffClaimedAsync(JsonElement element, CancellationToken stoppingToken)
    {
        if (!UpdateReader.TryRead(element, out var id, out var update, out var problem))
        {
            logger.LogWarning("Telegram update {UpdateId} skipped: {Problem}", id, problem);
            return true;
        }

        if (await AdmitAsync(id, update!, stoppingToken) is not { Lane: { } lane } admission)
        {
            return true;
        }

        await room.WaitAsync(stoppingToken);
        bool won;
        try
        {
            won = admission.TooFast ? offsets.Claim(id) : offsets.Claim(new PendingUpdate(id, lane, element.GetRawText()));
        }
        catch
        {
            room.Release();
            throw;
        }

        if (!won)
        {
            room.Release();
            return false;
        }

        Enqueue(lane, new Work(id, update!, admission.TooFast, Kept: !admission.TooFast));
        return true;
    }

    /// <summary>Waits until every queued update was answered (tests, and a receiver that ends without a stop).</summary>
    public Task DrainAsync()
    {
        lock (gate)
        {
            if (outstanding == 0)
            {
                return Task.CompletedTask;
            }

            drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return drained.Task;
        }
    }

    /// <summary>
    /// Stops: updates being answered get a grace period, queued ones stay kept for the next start.
    /// </summary>
    public ValueTask DisposeAsync() => StopAsync(abandonAtOnce: false);

    /// <summary>
    /// Stops, as <see cref="DisposeAsync"/>; with <paramref name="abandonAtOnce"/> (the poll lease was lost, so another
    /// replica answers the kept updates now) without the grace period, so the two overlap as little as possible.
    /// </summary>
    public async ValueTask StopAsync(bool abandonAtOnce)
    {
        lock (gate)
        {
            if (closing)
            {
                return;
            }

            closing = true;
        }

        handling.CancelAfter(abandonAtOnce ? TimeSpan.Zero : HandlingGrace);
        ready.Writer.TryComplete();
        await Task.WhenAll(workers);
        handling.Dispose();
        room.Dispose();
    }

    private static bool Read(string json, out Update? update, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return UpdateReader.TryRead(document.RootElement, out _, out update, out problem);
        }
        catch (JsonException exception)
        {
            (update, problem) = (null, exception.Message);
            return false;
        }
    }

    private async Task<UpdateAdmission?> AdmitAsync(int id, Update update, CancellationToken stoppingToken)
    {
        try
        {
            return await sink.AdmitAsync(update, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError("Telegram update {UpdateId} ({Type}) failed at the door: {Error}", id, update.Type, redactor.Describe(exception));
            return null;
        }
    }

    private void Enqueue(string lane, Work work)
    {
        lock (gate)
        {
            outstanding++;
            if (lanes.TryGetValue(lane, out var queue))
            {
                // The lane is queued or being answered; its worker takes this one after the ones before it.
                queue.Enqueue(work);
                return;
            }

            lanes[lane] = new Queue<Work>([work]);
        }

        ready.Writer.TryWrite(lane);
    }

    private async Task WorkAsync()
    {
        await foreach (var lane in ready.Reader.ReadAllAsync())
        {
            Work work;
            lock (gate)
            {
                if (closing)
                {
                    continue;
                }

                work = lanes[lane].Peek();
            }

            await AnswerAsync(work);
            lock (gate)
            {
                var queue = lanes[lane];
                queue.Dequeue();
                if (queue.Count == 0)
                {
                    lanes.Remove(lane);
                }
                else if (!closing)
                {
                    // To the back of the line: a chat with many queued updates takes turns with the others.
                    ready.Writer.TryWrite(lane);
                }

                if (--outstanding == 0 && drained is { } done)
                {
                    drained = null;
                    done.TrySetResult();
                }
            }

            room.Release();
        }
    }

    private async Task AnswerAsync(Work work)
    {
        var token = handling.Token;
        try
        {
            await (work.TooFast ? sink.RefuseAsync(work.Update, token) : sink.HandleAsync(work.Update, token));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Kept: the next start answers it.
            logger.LogWarning("Telegram update {UpdateId} abandoned at shutdown", work.Id);
            return;
        }
        catch (Exception exception)
        {
            logger.LogError("Telegram update {UpdateId} ({Type}) failed: {Error}", work.Id, work.Update.Type, redactor.Describe(exception));
        }

        if (work.Kept)
        {
            try
            {
                offsets.Finished(work.Id);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError("Telegram update {UpdateId} answered but not marked so: {Error}", work.Id, exception.Message);
            }
        }
    }

    private sealed record Work(int Id, Update Update, bool TooFast, bool Kept);
}
