using LiveWire.Core.Options;
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
    /// buffer bounded by <see cref="LimitsOptions.OutboundBufferBytes"/> and a connection whose buffer stays full
    /// aborted after <see cref="LimitsOptions.OutboundStallTimeout"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapLiveHub(
        this IEndpointRouteBuilder endpoints, string pattern, Action<HttpConnectionDispatcherOptions>? configureOptions = null)
    {
        var services = endpoints.ServiceProvider;
        var options = new HttpConnectionDispatcherOptions
        {
            TransportMaxBufferSize = services.GetRequiredService<IOptions<LimitsOptions>>().Value.OutboundBufferBytes,
        };
        configureOptions?.Invoke(options);
        var guard = ActivatorUtilities.CreateInstance<OutboundGuard>(services);
        return endpoints.MapConnections(pattern, options, connection => connection
                .Use(next => context =>
                {
                    guard.Watch(context);
                    return next(context);
                })
                .UseHub<LiveHub>())
            .WithMetadata(new HubMetadata(typeof(LiveHub)));
    }
}
