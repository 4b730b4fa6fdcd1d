using BulletinBot.Core.Commands;
using BulletinBot.Core.Conversation;
using BulletinBot.Core.Ingestion;
using BulletinBot.Core.Search;
using BulletinBot.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BulletinBot.Core.Tests;

/// <summary>The Core parts wired as the host wires them, over a real LiteDB in memory or in a file.</summary>
internal sealed class Archive : IDisposable
{
    public Archive(string? path = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        Database = path is null ? BulletinDatabase.InMemory() : BulletinDatabase.Open(path);
        Store = new BulletinStore(Database, Time);
        Search = new BulletinSearch(Store, new ListLogger<BulletinSearch>());
        Continuations = new ContinuationStore(Database, Time);
        Checkpoints = new CheckpointStore(Database);
        Preferences = new ChatPreferenceStore(Database);
        Handler = new CommandHandler(Store, Search, Continuations, Time, preferences: Preferences);
        Ingestor = new Ingestor(Store, Time, IngestLog);
        Conversation = new ChatConversation(Handler, new ListLogger<ChatConversation>());
    }

    public FakeTimeProvider Time { get; }

    public BulletinDatabase Database { get; }

    public BulletinStore Store { get; }

    public BulletinSearch Search { get; }

    public ContinuationStore Continuations { get; }

    public CheckpointStore Checkpoints { get; }

    public ChatPreferenceStore Preferences { get; }

    public CommandHandler Handler { get; }

    public Ingestor Ingestor { get; }

    public ChatConversation Conversation { get; }

    public ListLogger<Ingestor> IngestLog { get; } = new();

    public static async Task<Archive> WithSeedsAsync()
    {
        var archive = new Archive();
        await archive.IngestAsync(TestData.SeedsFolder);
        return archive;
    }

    public Task<IngestReport> IngestAsync(string folder) =>
        Ingestor.IngestAsync(new SeedFolderSource(folder), CancellationToken.None);

    public async Task<Reply> AskAsync(string text, ChatContext? chat = null) =>
        (await Conversation.AnswerAsync(text, chat ?? ChatContext.Terminal, CancellationToken.None))!;

    /// <summary>Asks for a listing and returns it; fails the test with the reply when it is not a list.</summary>
    public async Task<ListReply> ListAsync(string text, ChatContext? chat = null) =>
        Assert.IsType<ListReply>(await AskAsync(text, chat));

    public void Dispose()
    {
        Search.Dispose();
        Database.Dispose();
    }
}
