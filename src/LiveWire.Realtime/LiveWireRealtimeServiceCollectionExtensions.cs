using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Serialization;
using LiveWire.Realtime.Draining;
using LiveWire.Realtime.Internal;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime;

/// <summary>Registers the fan-out (every node) and what the hub's readers need (the node that holds them).</summary>
public static class LiveWireRealtimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds SignalR with the JSON (camelCase, source-generated) and MessagePack protocols, and the fan-out through
    /// <see cref="LiveHub"/>'s context: what every node that commits events needs, readers or not. Add a backplane to
    /// the returned builder to reach readers on other nodes, and <see cref="AddLiveWireHub(IServiceCollection)"/> on a node that holds
    /// readers.
    /// </summary>
    public static ISignalRServerBuilder AddLiveWireRealtime(this IServiceCollection services)
    {
        services.AddSingleton<IFanOut, HubContextFanOut>();
        services.AddOptions<DrainOptions>().BindConfiguration(DrainOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConnectionDrain>();
        // In DI as a singleton: SignalR would otherwise activate the filter for every hub call (acks included).
        services.AddSingleton<StoreOutageHubFilter>();
        var signalR = services.AddSignalR(options => options.AddFilter<StoreOutageHubFilter>())
            .AddJsonProtocol(options =>
            {
                // Events through the source-generated context; hub arguments and results through reflection.
                options.PayloadSerializerOptions.TypeInfoResolver =
                    JsonTypeInfoResolver.Combine(LiveWireJsonContext.Default, new DefaultJsonTypeInfoResolver());
                options.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            })
            .AddMessagePackProtocol();
        WrapEveryProtocol(services);
        return signalR;
    }

    /// <summary>
    /// Adds the fan-out as <see cref="AddLiveWireRealtime(IServiceCollection)"/> does, and configures how the node
    /// drains its readers when told to stop: the delegate runs after the <c><see cref="DrainOptions.SectionName"/></c>
    /// section is bound.
    /// </summary>
    public static ISignalRServerBuilder AddLiveWireRealtime(this IServiceCollection services, Action<DrainOptions> configure)
    {
        var signalR = services.AddLiveWireRealtime();
        services.Configure(configure);
        return signalR;
    }

    /// <summary>
    /// Adds what only a node that holds readers (maps <see cref="LiveHub"/>) runs: the hub's limits
    /// (<see cref="HubLimitsOptions"/>, the client timeout among them) with the per-address budget of subscribe calls,
    /// and, gathering acks as <see cref="AckOptions"/> say, the <see cref="DeliveryFlushService"/> that adds its
    /// readers' acks to the shared delivery reports; the <see cref="ConnectionRebalancer"/> that lets go of readers
    /// beyond the node's share (<see cref="RebalanceOptions"/>); and the <see cref="ClosedConnectionCollector"/> that
    /// gives back the memory of the connections that ended. Call it after
    /// <see cref="AddLiveWireRealtime(IServiceCollection)"/>; a node without readers (the Ingestion worker) does not.
    /// </summary>
    public static IServiceCollection AddLiveWireHub(this IServiceCollection services)
    {
        services.AddOptions<HubLimitsOptions>().BindConfiguration(HubLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HubOptions>().Configure<IOptions<HubLimitsOptions>>((hub, limits) => hub.ClientTimeoutInterval = limits.Value.ClientTimeout);
        services.AddOptions<AckOptions>().BindConfiguration(AckOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SubscribeRateLimiter>();
        services.AddHostedService<DeliveryFlushService>();
        services.AddOptions<RebalanceOptions>().BindConfiguration(RebalanceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<ConnectionRebalancer>();
        services.AddHostedService<ClosedConnectionCollector>();
        return services;
    }

    /// <summary>
    /// Adds the reader side as <see cref="AddLiveWireHub(IServiceCollection)"/> does, and configures the hub's limits:
    /// the delegate runs after the <c><see cref="HubLimitsOptions.SectionName"/></c> section is bound.
    /// </summary>
    public static IServiceCollection AddLiveWireHub(this IServiceCollection services, Action<HubLimitsOptions> configure) =>
        services.AddLiveWireHub().Configure(configure);

    /// <summary>
    /// Adds the reader side as <see cref="AddLiveWireHub(IServiceCollection)"/> does, and configures how acks are
    /// gathered: the delegate runs after the <c><see cref="AckOptions.SectionName"/></c> section is bound.
    /// </summary>
    public static IServiceCollection AddLiveWireHub(this IServiceCollection services, Action<AckOptions> configure) =>
        services.AddLiveWireHub().Configure(configure);

    // Each protocol SignalR registered (JSON, MessagePack) is wrapped, so that a run of events sent as one message is
    // written as the separate event messages readers expect, whichever protocol a reader speaks, and what readers send
    // is read with InboundHubProtocol's repairs (coded binding failures, unknown message types skipped).
    private static void WrapEveryProtocol(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i] is { ServiceType: var type, ImplementationType: { } protocol } && type == typeof(IHubProtocol))
            {
                services[i] = ServiceDescriptor.Singleton<IHubProtocol>(provider =>
                    new EventRunHubProtocol(new InboundHubProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(provider, protocol))));
            }
        }
    }
}
