using BulletinBot.Core.Commands;
using BulletinBot.Core.Ingestion;

namespace BulletinBot.Terminal;

/// <summary>How an answer reads as plain text, whether printed by the verb itself or sent back by a running owner.</summary>
internal static class AnswerText
{
    /// <summary>An empty result (nothing matches, nothing dated, an empty archive) is an answer; other errors are not.</summary>
    public static bool Failed(Reply reply) => reply is ErrorReply { IsEmptyResult: false };

    /// <summary>What one round over the sources did, in one line.</summary>
    public static string Summary(IngestReport report) =>
        $"{report.Pages} page(s) read: {report.Added} new item(s), {report.Updated} updated, "
        + $"{report.Unchanged} page(s) unchanged, {report.Failed} page(s) skipped.";
}
