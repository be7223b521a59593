using System.Diagnostics.Metrics;
using LiveWire.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Testing;

/// <summary>
/// Sums one node's LiveWire counters. Meters made by a node's <see cref="IMeterFactory"/> carry it as their scope,
/// so nodes (and tests) in one process are told apart.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _totals = [];

    /// <summary>Starts listening to <paramref name="node"/>'s LiveWire meter.</summary>
    public NodeMetrics(LiveWireNode node)
    {
        // Creating the metrics service makes sure the node's meter exists before the listener starts.
        node.Services.GetRequiredService<LiveWireMetrics>();
        var factory = node.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LiveWireTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (_totals)
            {
                _totals[instrument.Name] = _totals.GetValueOrDefault(instrument.Name) + value;
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements so far.</summary>
    public long Total(string instrument)
    {
        lock (_totals)
        {
            return _totals.GetValueOrDefault(instrument);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
