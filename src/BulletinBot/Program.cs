using BulletinBot;

return await BotCli.RunAsync(args, Console.In, Console.Out, Console.Error, overrides: null, CancellationToken.None);
