namespace LiveWire.Client.Tests;

/// <summary>Counts the client's reads of <c>GET /api/topics/{topic}</c> on their way to the node.</summary>
internal sealed class StateReadCounter(string topic, Action onStateRead) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath == $"/api/topics/{topic}")
        {
            onStateRead();
        }

        return base.SendAsync(request, cancellationToken);
    }
}
