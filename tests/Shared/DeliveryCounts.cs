namespace BulletinBot.TestPages;

/// <summary>One message a fake platform accepted (or created): the chat or channel it went to and its text.</summary>
public sealed record PostedMessage(string Target, string Text);

/// <summary>
/// Checks what a fake platform received against what should have been announced: every item reached every target,
/// and the only repeats are whole messages sent again (a send in flight when the process died), at most
/// <c>allowedRepeats</c> of them per target.
/// </summary>
public static class DeliveryCounts
{
    public static IReadOnlyList<string> Problems(
        IReadOnlyList<PostedMessage> posted, IReadOnlyCollection<string> targets, IReadOnlyList<NewsItem> items, int allowedRepeats)
    {
        var problems = new List<string>();
        foreach (var target in targets)
        {
            var messages = posted.Where(m => m.Target == target).ToList();
            var distinct = messages.Select(m => m.Text).Distinct(StringComparer.Ordinal).ToList();
            var repeats = messages.Count - distinct.Count;
            if (repeats > allowedRepeats)
            {
                problems.Add($"{target}: {repeats} messages were sent again, more than the {allowedRepeats} allowed");
            }

            var counts = distinct.SelectMany(text => NewsPages.TagsIn(text, items)).GroupBy(tag => tag).ToDictionary(g => g.Key, g => g.Count());
            foreach (var item in items)
            {
                var count = counts.GetValueOrDefault(item.Tag);
                if (count != 1)
                {
                    problems.Add($"{target}: item {item.Tag} announced in {count} different messages, not 1");
                }
            }
        }

        return problems;
    }

    /// <summary>How many times each item reached each target, counting repeated messages too: for the report.</summary>
    public static string Summary(IReadOnlyList<PostedMessage> posted, IReadOnlyCollection<string> targets, IReadOnlyList<NewsItem> items)
    {
        var lines = targets.Select(target =>
        {
            var messages = posted.Where(m => m.Target == target).ToList();
            var again = messages.Count - messages.Select(m => m.Text).Distinct(StringComparer.Ordinal).Count();
            var tags = messages.SelectMany(m => NewsPages.TagsIn(m.Text, items)).ToList();
            var twice = tags.GroupBy(t => t).Count(g => g.Count() > 1);
            return $"{target}: {messages.Count} messages ({again} sent again), {tags.Distinct().Count()}/{items.Count} items, {twice} items received more than once";
        });
        return string.Join("; ", lines);
    }
}
