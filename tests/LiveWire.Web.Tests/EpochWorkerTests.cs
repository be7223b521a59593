namespace LiveWire.Web.Tests;

/// <summary>Epochs with the ingestion in a worker behind RabbitMQ.</summary>
public sealed class EpochWorkerTests(OwnRedisWorkerWebFixture web) : EpochTestsBase(web), IClassFixture<OwnRedisWorkerWebFixture>;
