using LiveWire.Core.Delivery;
using LiveWire.Core.Idempotency;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Presence;
using LiveWire.Core.Stats;
using LiveWire.Core.Telemetry;
using LiveWire.Core.Timeline;
using LiveWire.Core.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveWire.Core;

/// <summary>Registers LiveWire's domain services.</summary>
public static class LiveWireCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds validation, the timeline committer, metrics and the options (validated at start-up), and the in-memory
    /// timeline store and its accept ledger unless another store is registered.
    /// </summary>
    public static IServiceCollection AddLiveWireCore(this IServiceCollection services)
    {
        services.AddOptions<TimelineOptions>().BindConfiguration(TimelineOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName)
            .PostConfigure(options =>
            {
                if (options.RetryIntervals.Length == 0)
                {
                    options.RetryIntervals = [.. IngestionOptions.DefaultRetryIntervals];
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PresenceOptions>().BindConfiguration(PresenceOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NodeStats>();
        services.TryAddSingleton<IClusterStats, InMemoryClusterStats>();
        services.TryAddSingleton<LiveWireMetrics>();
        services.TryAddSingleton<BodySanitizer>();
        services.TryAddSingleton<DevelopmentValidator>();
        services.TryAddSingleton<TimelineChangeFactory>();
        services.TryAddSingleton<TimelineCommitter>();
        services.TryAddSingleton<ITimelineStore, InMemoryTimelineStore>();
        // The in-memory ledger numbers changes inside the in-memory store's topics, so it comes with that store only;
        // a host with another store registers that store's ledger too (AddLiveWireRedis).
        services.TryAddSingleton<IAcceptLedger>(sp => new InMemoryAcceptLedger(
            sp.GetRequiredService<ITimelineStore>() as InMemoryTimelineStore
            ?? throw new InvalidOperationException($"No {nameof(IAcceptLedger)} is registered for the timeline store {sp.GetRequiredService<ITimelineStore>().GetType().Name}.")));
        services.TryAddSingleton<ChangeAcceptor>();
        services.TryAddSingleton<ReaderTally>();
        services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        services.TryAddSingleton<IDeliveryStore, InMemoryDeliveryStore>();
        services.TryAddSingleton<DeliveryAggregator>();
        services.TryAddSingleton<EventTimes>();
        services.TryAddSingleton<IReaderCounts, LocalReaderCounts>();
        services.TryAddSingleton<INodeConnections, LocalNodeConnections>();
        return services;
    }

    /// <summary>
    /// Adds the domain as <see cref="AddLiveWireCore(IServiceCollection)"/> does, and configures the timeline's history: the
    /// delegate runs after the <c><see cref="TimelineOptions.SectionName"/></c> section is bound, so what it sets wins.
    /// </summary>
    public static IServiceCollection AddLiveWireCore(this IServiceCollection services, Action<TimelineOptions> configure) =>
        services.AddLiveWireCore().Configure(configure);

    /// <summary>
    /// Adds the domain as <see cref="AddLiveWireCore(IServiceCollection)"/> does, and configures how the ingestion takes changes from the bus: the
    /// delegate runs after the <c><see cref="IngestionOptions.SectionName"/></c> section is bound, so what it sets wins.
    /// </summary>
    public static IServiceCollection AddLiveWireCore(this IServiceCollection services, Action<IngestionOptions> configure) =>
        services.AddLiveWireCore().Configure(configure);

    /// <summary>
    /// Adds the domain as <see cref="AddLiveWireCore(IServiceCollection)"/> does, and configures the newsroom's content limits: the
    /// delegate runs after the <c><see cref="LimitsOptions.SectionName"/></c> section is bound, so what it sets wins.
    /// </summary>
    public static IServiceCollection AddLiveWireCore(this IServiceCollection services, Action<LimitsOptions> configure) =>
        services.AddLiveWireCore().Configure(configure);

    /// <summary>
    /// Adds the domain as <see cref="AddLiveWireCore(IServiceCollection)"/> does, and configures how nodes share their reader counts and heartbeats: the
    /// delegate runs after the <c><see cref="PresenceOptions.SectionName"/></c> section is bound, so what it sets wins.
    /// </summary>
    public static IServiceCollection AddLiveWireCore(this IServiceCollection services, Action<PresenceOptions> configure) =>
        services.AddLiveWireCore().Configure(configure);

    /// <summary>
    /// Adds the domain as <see cref="AddLiveWireCore(IServiceCollection)"/> does, and configures how long delivery reports are kept: the
    /// delegate runs after the <c><see cref="DeliveryOptions.SectionName"/></c> section is bound, so what it sets wins.
    /// </summary>
    public static IServiceCollection AddLiveWireCore(this IServiceCollection services, Action<DeliveryOptions> configure) =>
        services.AddLiveWireCore().Configure(configure);
}
