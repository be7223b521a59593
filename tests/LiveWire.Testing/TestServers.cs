namespace LiveWire.Testing;

/// <summary>
/// The real Redis and RabbitMQ the tests run against, started by <c>tests/run.sh</c> and found through environment
/// variables. A test that needs them and finds them missing fails and says how to run it; it never skips.
/// </summary>
public static class TestServers
{
    /// <summary>The command that starts the servers and runs the tests.</summary>
    public const string TestCommand = "tests/run.sh";

    /// <summary>Redis, as <c>host:port</c>.</summary>
    public static string Redis => Require("LIVEWIRE_TEST_REDIS");

    /// <summary>RabbitMQ's AMQP address, <c>amqp://guest:guest@host:port/</c>.</summary>
    public static Uri RabbitMq => new(Require("LIVEWIRE_TEST_RABBITMQ"));

    /// <summary>RabbitMQ's management API (user guest, password guest).</summary>
    public static Uri RabbitMqManagement => new(Require("LIVEWIRE_TEST_RABBITMQ_MANAGEMENT"));

    private static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: this test needs the real Redis and RabbitMQ. Run it with `{TestCommand}` " +
                $"(add `--filter` to pick tests), which starts both and sets {variable}.");
}
