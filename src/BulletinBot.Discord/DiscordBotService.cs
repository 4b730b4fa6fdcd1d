using BulletinBot.Core.Conversation;
using BulletinBot.Discord.Gateway;
using BulletinBot.Discord.Interactions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BulletinBot.Discord;

/// <summary>
/// The Discord bot in the host: runs the gateway shards this replica holds (<see cref="ShardGateways"/>), registers
/// the slash commands once a session is ready, and answers each interaction on its own task so a slow one holds up
/// no other.
/// </summary>
public sealed class DiscordBotService(
    ShardGateways gateway,
    SlashCommands commands,
    InteractionResponder responder,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    private const int MaxConcurrentInteractions = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrentInteractions);
        var running = new List<Task>();
        var registered = false;
        var session = gateway.RunAsync(stoppingToken);
        try
        {
            await foreach (var dispatch in gateway.Dispatches.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(task => task.IsCompleted);
                switch (dispatch.Name)
                {
                    case "READY" when !registered:
                        registered = true;
                        var applicationId = dispatch.Data.GetProperty("application").GetProperty("id").GetString()!;
                        running.Add(Guard("registering the slash commands", () => commands.RegisterAsync(applicationId, stoppingToken)));
                        break;
                    // The budget is taken as the interaction arrives, so a flood is dropped here and never queues ahead of others.
                    case "INTERACTION_CREATE" when responder.Admit(dispatch.Data) is var admission && admission != Admission.Refused:
                        await slots.WaitAsync(stoppingToken);
                        var data = dispatch.Data;
                        running.Add(Guard("answering an interaction", async () =>
                        {
                            try
                            {
                                await responder.RespondAsync(data, admission, stoppingToken);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        }));
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await session;
        await Task.WhenAll(running);
    }

    private Task Guard(string what, Func<Task> work) => Task.Run(async () =>
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogError("Discord: {What} failed: {Problem}", what, ex.Message);
        }
    });
}
