namespace LiveWire.Core.Outages;

/// <summary>
/// Tells an exception that says a dependency is out of reach for now (so the work should wait and be retried) from
/// one that says the work itself is wrong. Each store registers the one for its client library.
/// </summary>
public interface IOutageDetector
{
    /// <summary>Whether <paramref name="exception"/> means the dependency cannot be reached right now.</summary>
    bool IsOutage(Exception exception);
}
