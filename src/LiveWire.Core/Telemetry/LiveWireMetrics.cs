using System.Diagnostics;
using System.Diagnostics.Metrics;
using LiveWire.Core.Stats;

namespace LiveWire.Core.Telemetry;

/// <summary>LiveWire's own instruments, from one Meter made by <see cref="IMeterFactory"/>.</summary>
public sealed class LiveWireMetrics
{
    /// <summary>The source of LiveWire's spans.</summary>
    public static readonly ActivitySource ActivitySource = new(LiveWireTelemetry.Name);

    private readonly Counter<long> _committed;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _superseded;
    private readonly Histogram<double> _fanOutDuration;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _replayed;
    private readonly Histogram<double> _deliveryLatency;
    // Seconds, as OpenTelemetry's semantic conventions measure durations, from half a millisecond up to 10 s: the
    // exporters' default buckets (0, 5, 10, 25, … meant for milliseconds) would put every fan-out and delivery in the
    // first one. 2 s is a boundary of its own: the delivery alert fires on p99 above it (deploy/prometheus/alerts.yml).
    private static readonly InstrumentAdvice<double> s_latencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10],
    };

    private readonly Counter<long> _acks;
    private readonly Counter<long> _resumes;
    private readonly UpDownCounter<long> _subscriptions;
    private readonly Counter<long> _closed;

    private readonly NodeStats _stats;

    /// <summary>Creates the instruments; <paramref name="stats"/> gets the same measurements for the dashboard.</summary>
    public LiveWireMetrics(IMeterFactory meterFactory, NodeStats stats)
    {
        _stats = stats;
        var meter = meterFactory.Create(LiveWireTelemetry.Name);
        _committed = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.EventsCommitted, "{event}");
        _duplicates = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.EventsDuplicate, "{event}");
        _superseded = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.EventsSuperseded, "{event}");
        _fanOutDuration = meter.CreateHistogram(LiveWireTelemetry.Instruments.FanOutDuration, "s", null, null, s_latencyBuckets);
        _rejected = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.RejectedInputs, "{input}");
        _replayed = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.ReplayedEvents, "{event}");
        _deliveryLatency = meter.CreateHistogram(LiveWireTelemetry.Instruments.DeliveryLatency, "s", null, null, s_latencyBuckets);
        _acks = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.Acks, "{event}");
        _resumes = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.Resumes, "{subscription}");
        _subscriptions = meter.CreateUpDownCounter<long>(LiveWireTelemetry.Instruments.Subscriptions, "{subscription}");
        _closed = meter.CreateCounter<long>(LiveWireTelemetry.Instruments.ConnectionsClosed, "{connection}");
    }

    /// <summary>Counts a committed event.</summary>
    public void EventCommitted(string kind)
    {
        _committed.Add(1, new KeyValuePair<string, object?>(LiveWireTelemetry.Tags.Kind, kind));
        _stats.AddCommitted();
    }

    /// <summary>Counts a change that had been committed before.</summary>
    public void EventDuplicate() => _duplicates.Add(1);

    /// <summary>Counts a change dropped because a later one was applied first.</summary>
    public void EventSuperseded() => _superseded.Add(1);

    /// <summary>Records the time from acceptance to fan-out.</summary>
    public void FannedOut(TimeSpan sinceAccepted)
    {
        _fanOutDuration.Record(sinceAccepted.TotalSeconds);
        _stats.FanOut.Record(sinceAccepted.TotalMilliseconds);
    }

    /// <summary>Counts a refused input.</summary>
    public void InputRejected(string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>(LiveWireTelemetry.Tags.Reason, reason));

    /// <summary>Counts events replayed from history.</summary>
    public void Replayed(int count) => _replayed.Add(count);

    /// <summary>Records one reader's delivery of one event.</summary>
    public void Delivered(double latencyMilliseconds)
    {
        _acks.Add(1);
        _deliveryLatency.Record(latencyMilliseconds / 1_000);
        _stats.AddAck();
        _stats.Delivery.Record(latencyMilliseconds);
    }

    /// <summary>Counts a subscription that resumed from a seq; <paramref name="reset"/> when it had to reload instead.</summary>
    public void Resumed(bool reset) =>
        _resumes.Add(1, new KeyValuePair<string, object?>(LiveWireTelemetry.Tags.Outcome, reset ? "reset" : "resumed"));

    /// <summary>
    /// Tracks a connection opening (+1) or closing (-1), for the node's own dashboard only: the metric of open
    /// connections is SignalR's <c>signalr.server.active_connections</c>, which a second instrument would repeat.
    /// </summary>
    public void ConnectionsChanged(int delta) => _stats.AddConnections(delta);

    /// <summary>Tracks subscriptions added or removed.</summary>
    public void SubscriptionsChanged(int delta)
    {
        _subscriptions.Add(delta);
        _stats.AddSubscriptions(delta);
    }

    /// <summary>Counts a connection the node closed itself, and why (<c>stalled</c>, <c>token-expired</c>).</summary>
    public void ConnectionClosed(string reason) =>
        _closed.Add(1, new KeyValuePair<string, object?>(LiveWireTelemetry.Tags.Reason, reason));
}
