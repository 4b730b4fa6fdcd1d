using BulletinBot.Benchmarks.Announcing;
using BulletinBot.Benchmarks.Corpus;
using BulletinBot.Benchmarks.Runner;
using BulletinBot.Benchmarks.Store;

namespace BulletinBot.Benchmarks;

internal static class Program
{
    private static int Main(string[] args) => args.FirstOrDefault() switch
    {
        "engine-child" => EngineChild.Run(args[1..]),
        "store-child" => StoreChild.Run(args[1..]),
        "corpus" => CorpusReport.Run(args[1..]),
        "announce" => AnnounceBench.Run(args[1..]),
        "profile-page" => Profile.PageProfile.Run(args[1..]),
        "profile-search" => Profile.SearchProfile.Run(args[1..]),
        "profile-ingest" => Profile.IngestProfile.Run(args[1..]),
        "typing" => Typing.TypingBench.Run(args[1..]),
        "replicas" => Replicas.ReplicaBench.Run(args[1..]),
        "replicas-announce" => Replicas.ReplicaAnnounceBench.Run(args[1..]),
        _ => Orchestrator.Run(BenchOptions.Parse(args)),
    };
}
