using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LiveWire.Messaging;

/// <summary>
/// Healthy while a connection to the broker is open, else the registration's failure status (degraded on a Server). MassTransit's own bus check only looks at receive endpoints, so on a
/// Server node (which sends but consumes nothing) it stays healthy with the broker gone; this check keeps one small
/// connection of its own (RabbitMQ.Client, as MassTransit uses it), which recovers by itself once the broker is back.
/// </summary>
public sealed class RabbitMqHealthCheck(Uri broker) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = _connection ?? await ConnectAsync(cancellationToken);
            return connection.IsOpen
                ? HealthCheckResult.Healthy($"connected to {broker.Host}:{broker.Port}")
                : new HealthCheckResult(context.Registration.FailureStatus, "RabbitMQ connection lost; recovering.");
        }
        catch (BrokerUnreachableException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "RabbitMQ does not answer.", exception);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is null)
            {
                var factory = new ConnectionFactory
                {
                    Uri = broker,
                    AutomaticRecoveryEnabled = true,
                    NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
                };
                _connection = await factory.CreateConnectionAsync("livewire-health", cancellationToken);
            }

            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }
}
