using LiveWire.Core.Options;
using LiveWire.Messaging;

namespace LiveWire.Ingestion;

/// <summary>
/// <c>LiveWire.Ingestion replay-errors [--limit N]</c>: moves up to N (default 10,000) changes from the timeline's
/// <c>_error</c> queue back to the timeline, with the worker's own configuration (<c>ConnectionStrings:RabbitMq</c>,
/// <c>LiveWire:Ingestion:QueueName</c>). Run it once the cause is mended; docs/reliability.md says when.
/// </summary>
internal static class ReplayErrorsCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        var broker = configuration.GetConnectionString("RabbitMq");
        if (string.IsNullOrWhiteSpace(broker))
        {
            await Console.Error.WriteLineAsync("replay-errors needs ConnectionStrings:RabbitMq (environment variable ConnectionStrings__RabbitMq).");
            return 2;
        }

        var options = configuration.GetSection(IngestionOptions.SectionName).Get<IngestionOptions>() ?? new IngestionOptions();
        var limit = configuration.GetValue("limit", 10_000);
        var queue = new ErrorQueueClient(new Uri(broker), options.QueueName);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var moved = await queue.ReplayAsync(limit, timeout.Token);
        Console.WriteLine($"replayed {moved} change(s) from {queue.Name} to {options.QueueName}");
        return 0;
    }
}
