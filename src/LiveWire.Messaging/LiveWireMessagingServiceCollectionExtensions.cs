using LiveWire.Core.Options;
using LiveWire.Messaging.Consumers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
            // On by default, MassTransit reports the host and the bus's endpoints to its vendor once the bus has
            // started. A newsroom's services do not call out to third parties; LiveWire's telemetry is its own.
            bus.DisableUsageTelemetry();

            if (consumeTimeline)
            {
                bus.AddConsumer<TimelineChangeConsumer, TimelineChangeConsumerDefinition>();
            }
            else
            {
                bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
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
        if (!consumeTimeline)
        {
            // A node that only sends serves readers whatever the broker does: its bus is reported, degraded at worst,
            // and takes no part in readiness (MassTransit tags its check "ready", whatever its options say).
            services.PostConfigure<HealthCheckServiceOptions>(health =>
            {
                foreach (var check in health.Registrations.Where(check => check.Name.StartsWith("masstransit", StringComparison.Ordinal)))
                {
                    check.Tags.Remove("ready");
                    check.FailureStatus = HealthStatus.Degraded;
                }
            });
        }

        services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            // Start without the broker: a Server serves readers during a broker outage (posts answer 503 until the bus
            // connects), and a worker reports itself not ready until its receive endpoint runs. In-flight messages
            // finish on shutdown.
            options.WaitUntilStarted = false;
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
        if (consumeTimeline && !string.IsNullOrWhiteSpace(rabbitMqConnectionString))
        {
            services.AddSingleton(sp => new ErrorQueueClient(
                new Uri(rabbitMqConnectionString), sp.GetRequiredService<IOptions<IngestionOptions>>().Value.QueueName));
            services.AddHostedService<ErrorQueueMonitor>();
        }

        return services;
    }
}
