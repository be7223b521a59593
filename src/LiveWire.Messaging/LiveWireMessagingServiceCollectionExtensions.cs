using LiveWire.Core.Options;
using LiveWire.Messaging.Consumers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;

namespace LiveWire.Messaging;

/// <summary>Registers the bus.</summary>
public static class LiveWireMessagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds MassTransit on RabbitMQ when <paramref name="rabbitMqConnectionString"/> (<c>amqp://user:pass@host:port/vhost</c>)
    /// is set, on its in-memory transport otherwise; the timeline consumers when <paramref name="consumeTimeline"/>;
    /// and the <see cref="ChangeSubmitter"/> with its resilience pipeline.
    /// </summary>
    public static IServiceCollection AddLiveWireBus(
        this IServiceCollection services,
        string? rabbitMqConnectionString,
        bool consumeTimeline)
    {
        services.AddMassTransit(bus =>
        {
            if (consumeTimeline)
            {
                bus.AddConsumer<TimelineChangeConsumer, TimelineChangeConsumerDefinition>();
            }

            if (string.IsNullOrWhiteSpace(rabbitMqConnectionString))
            {
                bus.UsingInMemory((context, transport) =>
                {
                    transport.UseInstrumentation();
                    transport.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingRabbitMq((context, transport) =>
                {
                    transport.Host(new Uri(rabbitMqConnectionString));
                    // MassTransit's Meter ("MassTransit") for the consume/send counts and durations.
                    transport.UseInstrumentation();
                    transport.ConfigureEndpoints(context);
                });
            }
        });
        services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            // Take no request before the bus can take its change, and finish in-flight messages on shutdown.
            options.WaitUntilStarted = true;
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        services.AddResiliencePipeline<string>(ChangeSubmitter.PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<IngestionOptions>>().Value;
            pipeline
                .AddTimeout(options.SendTimeout)
                .AddRetry(new()
                {
                    ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(100),
                    BackoffType = DelayBackoffType.Exponential,
                });
        });
        services.AddSingleton<ChangeSubmitter>();
        return services;
    }
}
