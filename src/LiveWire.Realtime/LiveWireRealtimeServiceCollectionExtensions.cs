using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using LiveWire.Core.Ingestion;
using LiveWire.Core.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace LiveWire.Realtime;

/// <summary>Registers the hub and the fan-out.</summary>
public static class LiveWireRealtimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds SignalR with the JSON (camelCase, source-generated) and MessagePack protocols, and the fan-out through
    /// <see cref="LiveHub"/>. Add a backplane to the returned builder to reach readers on other nodes.
    /// </summary>
    public static ISignalRServerBuilder AddLiveWireRealtime(this IServiceCollection services)
    {
        services.AddSingleton<IFanOut, HubContextFanOut>();
        return services.AddSignalR()
            .AddJsonProtocol(options =>
            {
                options.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, LiveWireJsonContext.Default);
                options.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            })
            .AddMessagePackProtocol();
    }
}
