namespace LiveWire.Web.Tests;

/// <summary>
/// As <see cref="OwnRedisWebFixture"/>, with the changes going through RabbitMQ to an Ingestion worker, the process
/// that commits them (and so the one that notices Redis going back).
/// </summary>
public sealed class OwnRedisWorkerWebFixture : OwnRedisWebFixture
{
    /// <inheritdoc />
    protected override bool WithWorker => true;
}
