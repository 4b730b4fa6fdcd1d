namespace BulletinBot.Core.Tests.Ingestion;

/// <summary>A plain client per call: the tests need no pooling or resilience between the source and loopback.</summary>
internal sealed class PlainClientFactory : IHttpClientFactory
{
    public HttpClient CreateClient(string name) => new() { Timeout = TimeSpan.FromSeconds(10) };
}
