namespace LiveWire.Web.Tests;

/// <summary>Epochs with the ingestion in the Server.</summary>
public sealed class EpochTests(OwnRedisWebFixture web) : EpochTestsBase(web), IClassFixture<OwnRedisWebFixture>;
