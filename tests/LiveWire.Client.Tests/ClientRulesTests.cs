using LiveWire.Client.Internal;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Client.Tests;

public sealed class ClientRulesTests
{
    [Theory]
    [InlineData("invalid-topic: a topic is 1 to 64 characters", "invalid-topic", true)]
    [InlineData("forbidden: the token does not grant 'private-x'", "forbidden", true)]
    [InlineData("too-many-subscriptions: a connection may hold 50 subscriptions", "too-many-subscriptions", true)]
    [InlineData("rate-limited: slow down", "rate-limited", false)]
    [InlineData("store-unavailable: the timeline store did not answer in time", "store-unavailable", false)]
    [InlineData("something else went wrong", "", false)]
    public void A_refused_subscribe_gets_the_contract_code_from_the_hub_message(string serverMessage, string code, bool permanent)
    {
        var fromClient = new HubException($"An unexpected error occurred invoking 'Subscribe' on the server. HubException: {serverMessage}");

        var exception = HubErrors.ToSubscribeException("some-topic", fromClient);

        Assert.Equal((code, permanent, "some-topic"), (exception.Code, HubErrors.IsPermanent(exception), exception.Topic));
        Assert.EndsWith(serverMessage, exception.Message);
        Assert.Same(fromClient, exception.InnerException);
    }

    [Fact]
    public void The_default_reconnect_backoff_grows_with_jitter_up_to_30_seconds_and_never_gives_up()
    {
        var delays = Enumerable.Range(0, 40).Select(attempt => Backoff.Delay(attempt)).ToArray();

        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500));
        Assert.InRange(delays[3], TimeSpan.FromMilliseconds(2000), TimeSpan.FromMilliseconds(4000));
        Assert.All(delays[10..], d => Assert.InRange(d, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)));
        Assert.NotNull(Backoff.Instance.NextRetryDelay(new Microsoft.AspNetCore.SignalR.Client.RetryContext { PreviousRetryCount = 10_000 }));
    }

    [Theory]
    [InlineData("ukraine-crisis", true)]
    [InlineData("a", true)]
    [InlineData("Upper", false)]
    [InlineData("-leading", false)]
    [InlineData("trailing-", false)]
    [InlineData("", false)]
    [InlineData("under_score", false)]
    public void Topic_names_are_checked_against_the_contract_before_anything_is_sent(string topic, bool valid) =>
        Assert.Equal(valid, TopicNames.IsValid(topic));
}
