using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LiveWire.Hosting.Internal;

/// <summary>Confines an endpoint to one of the ports the server listens on.</summary>
internal static class LocalPortEndpointConventions
{
    /// <summary>
    /// Answers 404 to a request that arrived on any other port than <paramref name="port"/>. By the connection's local
    /// port, not by <c>RequireHost("*:port")</c>: the Host header is whatever the client writes, so a reader could name
    /// the management port in it and be served through the public one.
    /// </summary>
    public static TBuilder RequireLocalPort<TBuilder>(this TBuilder builder, int port)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                if (context.Connection.LocalPort == port)
                {
                    return inner(context);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        return builder;
    }
}
