using LiveWire.Core.Ingestion;
using LiveWire.Core.Options;
using LiveWire.Core.Outages;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiveWire.Messaging.Consumers;

/// <summary>
/// The endpoint of <see cref="TimelineChangeConsumer"/>: one queue for every kind of change (so a topic's changes
/// are taken roughly in the order sent), the prefetch and concurrency limits, and retries. A change held up by a store
/// outage waits until the store is back; one that keeps failing otherwise ends in the queue's <c>_error</c> queue, and
/// one that can never succeed (invalid, or editing a retracted development) goes there at once.
/// </summary>
public sealed class TimelineChangeConsumerDefinition : ConsumerDefinition<TimelineChangeConsumer>
{
    private readonly IngestionOptions _options;
    private readonly IOutageDetector[] _outages;

    /// <summary>Creates the definition from the ingestion options and the stores' outage detectors.</summary>
    public TimelineChangeConsumerDefinition(IOptions<IngestionOptions> options, IEnumerable<IOutageDetector> outages)
    {
        _options = options.Value;
        _outages = [.. outages];
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
            // Replicated on a cluster; a change whose worker dies on it again and again (handed out DeliveryLimit times
            // without an answer) moves to the _error queue, like a change that keeps failing, where it can be replayed.
            rabbitMq.SetQuorumQueue();
            rabbitMq.SetQueueArgument("x-delivery-limit", _options.DeliveryLimit);
            rabbitMq.SetQueueArgument("x-dead-letter-exchange", $"{_options.QueueName}_error");
            // Declared with the queue, not on the first failure as MassTransit would: a dead letter sent to an exchange
            // that does not exist yet would be dropped.
            rabbitMq.BindDeadLetterQueue($"{_options.QueueName}_error", $"{_options.QueueName}_error");
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

        // A store outage is waited out, however long: the change was answered 202 and must not end in _error. The
        // worker keeps the change and tries again, backing off to OutageRetryLimit; as every consumer slot ends up
        // waiting like this, it takes no new change from the queue until the store is back.
        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(IsOutage);
            retry.Exponential(int.MaxValue, TimeSpan.FromMilliseconds(200), _options.OutageRetryLimit, TimeSpan.FromMilliseconds(500));
        });
        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Intervals(_options.RetryIntervals);
            retry.Ignore<InvalidDevelopmentException>();
            retry.Ignore<RetractedDevelopmentException>();
            retry.Ignore<Exception>(IsOutage);
        });
    }

    private bool IsOutage(Exception exception) => _outages.Any(outage => outage.IsOutage(exception));
}
