using LiveWire.Realtime.Draining;
using LiveWire.Realtime.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime;

/// <summary>Maps <see cref="LiveHub"/>.</summary>
public static class LiveHubEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <see cref="LiveHub"/> at <paramref name="pattern"/> as <c>MapHub</c> does, with each connection's outbound
    /// buffer bounded by <see cref="HubLimitsOptions.OutboundBufferBytes"/> and a connection whose buffer stays full
    /// aborted after <see cref="HubLimitsOptions.OutboundStallTimeout"/>, and each connection known to the
    /// <see cref="ConnectionDrain"/> that lets it go when the node stops.
    /// </summary>
    public static IEndpointConventionBuilder MapLiveHub(
        this IEndpointRouteBuilder endpoints, string pattern, Action<HttpConnectionDispatcherOptions>? configureOptions = null)
    {
        var services = endpoints.ServiceProvider;
        var options = new HttpConnectionDispatcherOptions
        {
            TransportMaxBufferSize = services.GetRequiredService<IOptions<HubLimitsOptions>>().Value.OutboundBufferBytes,
        };
        configureOptions?.Invoke(options);
        var guard = ActivatorUtilities.CreateInstance<OutboundGuard>(services);
        var drain = services.GetRequiredService<ConnectionDrain>();
        return endpoints.MapConnections(pattern, options, connection => connection
                .Use(next => async context =>
                {
                    guard.Watch(context);
                    using (drain.Track(context))
                    {
                        await next(context);
                    }
                })
                .UseHub<LiveHub>())
            .WithMetadata(new HubMetadata(typeof(LiveHub)));
    }
}
