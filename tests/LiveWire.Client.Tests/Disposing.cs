using LiveWire.Testing;

namespace LiveWire.Client.Tests;

/// <summary>Disposes <paramref name="inner"/> within a timeout, for <c>await using</c>: a hung dispose fails the test.</summary>
internal sealed class Disposing(IAsyncDisposable inner, string what) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await inner.DisposeAsync().AsTask().Within(TestTimeouts.Startup, what);
}
