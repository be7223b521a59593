using LiveWire.Contracts;
using LiveWire.Core.Options;
using MassTransit;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace LiveWire.Messaging;

/// <summary>
/// Hands the newsroom's changes to the bus. It sends straight to the timeline queue (declared on first send), so a
/// change accepted before any ingestion worker has started waits in the queue instead of being dropped by an
/// exchange with no binding.
/// </summary>
public sealed class ChangeSubmitter(
    IBus sendEndpoints,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<IngestionOptions> options)
{
    /// <summary>The name of the resilience pipeline around a send: a short retry inside an overall timeout.</summary>
    public const string PipelineName = "livewire-bus-send";

    private readonly Uri _queue = new($"queue:{options.Value.QueueName}");

    /// <summary>
    /// Sends <paramref name="change"/> and returns once the broker has taken it (RabbitMQ publisher confirms).
    /// </summary>
    /// <exception cref="BusUnavailableException">The bus did not take it in time; nothing was accepted.</exception>
    public async Task SubmitAsync(DevelopmentChange change, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(PipelineName);
        try
        {
            await pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    var endpoint = await state.sendEndpoints.GetSendEndpoint(state._queue);
                    // As object: MassTransit then names the message by its runtime type (PublishDevelopment…).
                    await endpoint.Send((object)state.change, token);
                },
                (sendEndpoints, _queue, change),
                cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new BusUnavailableException(exception);
        }
    }
}
