using LiveWire.Core.Ingestion;
using LiveWire.Core.Options;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiveWire.Messaging.Consumers;

/// <summary>
/// The endpoint of <see cref="TimelineChangeConsumer"/>: one queue for every kind of change (so a topic's changes
/// are taken roughly in the order sent), the prefetch and concurrency limits, and retries. A change that keeps failing ends in the queue's <c>_error</c>
/// queue; one that can never succeed (invalid, or editing a retracted development) goes there at once.
/// </summary>
public sealed class TimelineChangeConsumerDefinition : ConsumerDefinition<TimelineChangeConsumer>
{
    private readonly IngestionOptions _options;

    /// <summary>Creates the definition from the ingestion options.</summary>
    public TimelineChangeConsumerDefinition(IOptions<IngestionOptions> options)
    {
        _options = options.Value;
        EndpointName = _options.QueueName;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    /// <inheritdoc />
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TimelineChangeConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbitMq)
        {
            rabbitMq.PrefetchCount = _options.PrefetchCount;
        }
        else
        {
            // The in-memory endpoint of the embedded default takes its concurrency from the endpoint, not from the
            // consumer's limit, and left at MassTransit's default it takes about one change per core. The fan-out
            // gathers the events of a topic that are committed while its previous send is being written into the
            // next send (TopicSendQueue), and it can only gather what is in flight.
            endpointConfigurator.PrefetchCount = _options.PrefetchCount;
            endpointConfigurator.ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
        }

        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Intervals(_options.RetryIntervals);
            retry.Ignore<InvalidDevelopmentException>();
            retry.Ignore<RetractedDevelopmentException>();
        });
    }
}
