namespace LiveWire.Client.Tests;

/// <summary>Records the path of every HTTP request the client sends through its handler (the reader API, SignalR's negotiation).</summary>
internal sealed class RequestPaths
{
    private readonly List<string> _paths = [];

    /// <summary>The paths so far, in order.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_paths)
            {
                return [.. _paths];
            }
        }
    }

    /// <summary>For <see cref="LiveWireClientOptions.HttpMessageHandlerFactory"/>: every handler the client makes records here.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler> Factory => inner => new Recorder(this) { InnerHandler = inner };

    private void Add(string path)
    {
        lock (_paths)
        {
            _paths.Add(path);
        }
    }

    private sealed class Recorder(RequestPaths paths) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            paths.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
