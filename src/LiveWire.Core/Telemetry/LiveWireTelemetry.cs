namespace LiveWire.Core.Telemetry;

/// <summary>
/// Every telemetry name LiveWire uses. Tags stay low-cardinality: never a connection, topic or development id on a
/// metric.
/// </summary>
public static class LiveWireTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> and of the Meter.</summary>
    public const string Name = "LiveWire";

    /// <summary>Instrument names.</summary>
    public static class Instruments
    {
        /// <summary>Counter: events committed to a timeline, tagged by <see cref="Tags.Kind"/>.</summary>
        public const string EventsCommitted = "livewire.events.committed";

        /// <summary>Counter: changes that were already committed (retries, resubmissions).</summary>
        public const string EventsDuplicate = "livewire.events.duplicate";

        /// <summary>Counter: changes dropped because a change accepted later was applied first.</summary>
        public const string EventsSuperseded = "livewire.events.superseded";

        /// <summary>Histogram (s): from acceptance to the hand-off of the event to the fan-out.</summary>
        public const string FanOutDuration = "livewire.fanout.duration";

        /// <summary>Histogram (s): from acceptance to the receipt of a reader's ack, less the time it held the ack.</summary>
        public const string DeliveryLatency = "livewire.delivery.latency";

        /// <summary>Counter: events acknowledged by readers (an ack of seq n counts every event up to n not yet acked).</summary>
        public const string Acks = "livewire.acks";

        /// <summary>Counter: subscriptions that resumed from a seq (replay), tagged by <see cref="Tags.Outcome"/> (resumed, reset).</summary>
        public const string Resumes = "livewire.resumes";

        /// <summary>Counter: inputs refused, tagged by <see cref="Tags.Reason"/>.</summary>
        public const string RejectedInputs = "livewire.inputs.rejected";

        /// <summary>Counter: events sent to a reader from history on subscribe.</summary>
        public const string ReplayedEvents = "livewire.events.replayed";

        /// <summary>UpDownCounter: topic subscriptions of open hub connections.</summary>
        public const string Subscriptions = "livewire.subscriptions";

        /// <summary>Gauge (Ingestion workers): changes waiting in the timeline's <c>_error</c> queue.</summary>
        public const string ErrorQueueMessages = "livewire.bus.error_queue.messages";

        /// <summary>
        /// Gauge: each of the node's health checks (tagged <see cref="Tags.HealthCheck"/>: <c>redis</c>, <c>rabbitmq</c>,
        /// <c>drain</c>, MassTransit's bus check), 1 healthy, 0.5 degraded, 0 unhealthy, as of the last run of the checks.
        /// </summary>
        public const string HealthStatus = "livewire.health.status";

        /// <summary>Counter: hub connections the node closed itself, tagged by <see cref="Tags.Reason"/> (<c>stalled</c>, <c>token-expired</c>).</summary>
        public const string ConnectionsClosed = "livewire.connections.closed";
    }

    /// <summary>Span names.</summary>
    public static class Spans
    {
        /// <summary>The commit of a change to its topic's timeline.</summary>
        public const string Commit = "livewire.timeline.commit";

        /// <summary>The hand-off of a committed event to the fan-out.</summary>
        public const string FanOut = "livewire.fanout";
    }

    /// <summary>Tag keys.</summary>
    public static class Tags
    {
        /// <summary>The event kind (<c>published</c>, <c>corrected</c>…).</summary>
        public const string Kind = "livewire.event.kind";

        /// <summary>Why an input was refused (<c>invalid</c>, <c>forbidden</c>…), or why the node closed a connection.</summary>
        public const string Reason = "livewire.reject.reason";

        /// <summary>How a commit or resume ended (<c>Committed</c>, <c>Duplicate</c>…; <c>resumed</c>, <c>reset</c>).</summary>
        public const string Outcome = "livewire.commit.outcome";

        /// <summary>The health check a <see cref="Instruments.HealthStatus"/> measurement is of.</summary>
        public const string HealthCheck = "livewire.health.check";

        /// <summary>On spans only: the topic.</summary>
        public const string Topic = "livewire.topic";

        /// <summary>On spans only: the event's seq.</summary>
        public const string Seq = "livewire.seq";
    }
}
