using BulletinBot.Composition;
using BulletinBot.Core.Bulletins;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Storage;
using BulletinBot.Owner;
using BulletinBot.Terminal;

namespace BulletinBot.Verbs;

/// <summary>
/// ingest: one round over every configured source (the seeds folder or the pages built in, and the web sources of
/// Ingestion:Sources), by the running owner of the store or by this process; or, with --explain, how one page is read.
/// A source that cannot be read is one line on stderr naming it, the others are stored, and the exit code is 1.
/// </summary>
internal static class IngestVerb
{
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        // Every setting is checked before a running bot is asked to read the sources.
        StoreFiles? files;
        await using (var check = OwnerClient.Compose(configuration, role: "ingest"))
        {
            files = check.Services.GetService<StoreFiles>();
        }

        if (await OwnerClient.ForwardAsync(files, new OwnerRequest("ingest"), output, error, cancellationToken) is { } forwarded)
        {
            return forwarded;
        }

        using var host = BotHost.Build(configuration, HostMode.OneShot, interactive: false, role: "ingest");
        await host.StartAsync(cancellationToken);
        var report = await host.Services.GetRequiredService<IngestionService>().IngestAllAsync(cancellationToken);
        await output.WriteLineAsync(AnswerText.Summary(report));
        await host.StopAsync(CancellationToken.None);
        return report.Failed == 0 ? ExitCodes.Ok : ExitCodes.NotUnderstood;
    }

    /// <summary>
    /// Explains a page as the ingest reads it: the same decoder and parser, and the same verdict, so a page
    /// that the ingest would skip (binary, empty, not UTF-8) exits 1 here too.
    /// </summary>
    public static async Task<int> ExplainAsync(FileInfo page, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (Directory.Exists(page.FullName))
        {
            await error.WriteLineAsync($"{page.FullName} is a folder; give a page file.");
            return ExitCodes.NotUnderstood;
        }

        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(page.FullName, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"Cannot read {page.FullName}: {exception.Message}");
            return ExitCodes.NotUnderstood;
        }

        if (PageDecoder.TryDecode(content) is not { } text)
        {
            await error.WriteLineAsync($"Not read as a bulletin page: {page.FullName} is skipped by the ingest, {PageDecoder.NotUtf8}. Save it as UTF-8.");
            return ExitCodes.NotUnderstood;
        }

        // The page's own text is echoed: each line is cleaned of control characters before it reaches a terminal.
        var explanation = PageExplainer.Describe(text);
        var target = explanation.Error is null ? output : error;
        foreach (var line in explanation.Render().TrimEnd().ReplaceLineEndings("\n").Split('\n'))
        {
            await target.WriteLineAsync(TerminalText.Clean(line));
        }

        return explanation.Error is null ? ExitCodes.Ok : ExitCodes.NotUnderstood;
    }
}
