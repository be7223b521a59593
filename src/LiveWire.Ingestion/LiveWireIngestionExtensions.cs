using LiveWire.Hosting;

namespace LiveWire.Ingestion;

/// <summary>The composition of the ingestion worker, shared by <c>Program.cs</c> and the tests.</summary>
public static class LiveWireIngestionExtensions
{
    /// <summary>
    /// Adds the node with the timeline consumers, and nothing of the reader side: the worker holds no readers, so it
    /// has no acks to flush and no reader counts to publish. A separate worker only makes sense on the shared parts, so
    /// <c>ConnectionStrings:RabbitMq</c> and <c>ConnectionStrings:Redis</c> are required.
    /// </summary>
    public static WebApplicationBuilder AddLiveWireIngestion(this WebApplicationBuilder builder)
    {
        foreach (var name in (string[])["RabbitMq", "Redis"])
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
            {
                throw new InvalidOperationException(
                    $"LiveWire.Ingestion needs ConnectionStrings:{name} (environment variable ConnectionStrings__{name}). " +
                    "Without RabbitMQ and Redis, run LiveWire.Server alone: it hosts the ingestion in-process.");
            }
        }

        builder.AddLiveWireNode("livewire-ingestion", consumeTimeline: true);
        return builder;
    }

    /// <summary>Maps the worker's endpoints: health and metrics.</summary>
    public static WebApplication MapLiveWireIngestion(this WebApplication app)
    {
        app.MapLiveWireOperations();
        return app;
    }
}
