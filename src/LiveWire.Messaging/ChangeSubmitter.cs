using LiveWire.Contracts;
using LiveWire.Core.Options;
using MassTransit;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace LiveWire.Messaging;

/// <summary>
/// Hands the newsroom's changes to the bus, to the timeline queue's exchange. The queue itself is the workers' to
/// declare (a quorum queue with a delivery limit and a dead-letter exchange: see
/// <c>TimelineChangeConsumerDefinition</c>), as RabbitMQ refuses a second declaration with other arguments. Each send
/// is mandatory: one made before any worker ever declared the queue comes back and fails, rather than being dropped
/// by an exchange with no binding.
/// </summary>
public sealed class ChangeSubmitter(
    IBus sendEndpoints,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<IngestionOptions> options)
{
    /// <summary>The name of the resilience pipeline around a send: a short retry inside an overall timeout.</summary>
    public const string PipelineName = "livewire-bus-send";

    private readonly Uri _queue = new($"exchange:{options.Value.QueueName}");

    /// <summary>
    /// Sends <paramref name="change"/> as message <paramref name="messageId"/> and returns once the broker has taken
    /// it (RabbitMQ publisher confirms). Every attempt carries the same id, so a send whose confirm was lost and then
    /// retried is one change to the consumer, not two.
    /// </summary>
    /// <exception cref="BusUnavailableException">
    /// The bus did not confirm it in time. An attempt may still have reached the broker: the change may yet commit.
    /// </exception>
    public async Task SubmitAsync(DevelopmentChange change, Guid messageId, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(PipelineName);
        try
        {
            await pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    // WaitAsync: a send to a broker that takes the bytes and never answers does not always heed the
                    // token, and the timeout must bound the caller's wait whatever the client library does.
                    var endpoint = await state.sendEndpoints.GetSendEndpoint(state._queue).WaitAsync(token);
                    // As object: MassTransit then names the message by its runtime type (PublishDevelopment…).
                    var messageId = state.messageId;
                    await endpoint.Send((object)state.change, context =>
                    {
                        context.MessageId = messageId;
                        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbitMq))
                        {
                            rabbitMq.Mandatory = true;
                        }
                    }, token).WaitAsync(token);
                },
                (sendEndpoints, _queue, change, messageId),
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new BusUnavailableException(exception);
        }
    }
}
