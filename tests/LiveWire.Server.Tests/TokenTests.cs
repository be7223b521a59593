using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using LiveWire.Contracts;
using LiveWire.Core.Security;
using LiveWire.Realtime;
using LiveWire.Server.Auth;
using LiveWire.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveWire.Server.Tests;

/// <summary>Tokens expire on live connections, keys rotate, reader keys cannot make newsroom tokens.</summary>
public sealed class TokenTests : IAsyncLifetime
{
    private const string CurrentKey = "livewire-tests-current-key-0123456789abcdef";
    private const string PreviousKey = "livewire-tests-previous-key-0123456789abcdef";
    private const string ReaderKey = "livewire-tests-reader-only-key-0123456789abcdef";

    private LiveWireCluster _cluster = null!;

    private LiveWireNode Server => _cluster.Servers[0];

    public async Task InitializeAsync() => _cluster = await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?>
    {
        ["LiveWire:Auth:SigningKeys:0:Id"] = "2026-12",
        ["LiveWire:Auth:SigningKeys:0:Key"] = CurrentKey,
        ["LiveWire:Auth:SigningKeys:0:Roles:0"] = TopicAccess.NewsroomRole,
        ["LiveWire:Auth:SigningKeys:0:Roles:1"] = TopicAccess.AdminRole,
        ["LiveWire:Auth:SigningKeys:1:Id"] = "2026-06",
        ["LiveWire:Auth:SigningKeys:1:Key"] = PreviousKey,
        ["LiveWire:Auth:SigningKeys:1:Roles:0"] = TopicAccess.NewsroomRole,
        ["LiveWire:Auth:SigningKeys:2:Id"] = "readers",
        ["LiveWire:Auth:SigningKeys:2:Key"] = ReaderKey,
        ["LiveWire:Limits:NewsroomRequestsPerSecond"] = "1000000",
        ["LiveWire:Limits:NewsroomBurst"] = "1000000",
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_connection_reading_a_private_topic_is_closed_when_its_token_expires()
    {
        var topic = Newsroom.NewTopic("private-briefing");
        var token = Mint(ReaderKey, "readers", roles: [], topics: [topic], expires: DateTimeOffset.UtcNow.AddSeconds(3));
        await using var connection = LiveWireCluster.CreateHubConnection(Server, token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "subscribe");

        await closed.Task.Within(TestTimeouts.Delivery, "the connection to close when its token expired");
        // Closed for its expiry, not before: exp has whole seconds.
        Assert.True(DateTimeOffset.UtcNow >= new JsonWebToken(token).ValidTo.AddSeconds(-1), "closed before the token expired");
    }

    [Fact]
    public async Task A_subscribe_with_a_token_that_has_expired_never_succeeds()
    {
        var topic = Newsroom.NewTopic("private-briefing");
        // Expired, but within the clock skew: authentication lets it in, and then it may not subscribe.
        var token = Mint(ReaderKey, "readers", roles: [], topics: [topic], expires: DateTimeOffset.UtcNow.AddSeconds(-5));
        await using var connection = LiveWireCluster.CreateHubConnection(Server, token);

        var outcome = await Record.ExceptionAsync(async () =>
        {
            await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
            await connection.InvokeAsync<SubscribeResult>("Subscribe", topic, 0L).Within(TestTimeouts.Delivery, "subscribe");
        });

        Assert.NotNull(outcome);
        if (outcome is HubException refused)
        {
            Assert.StartsWith($"{HubErrorCodes.TokenExpired}:", refused.Message.Split("HubException: ").Last());
        }
    }

    [Fact]
    public async Task A_token_expired_longer_ago_than_the_30_second_clock_skew_gets_401_and_one_within_it_passes()
    {
        using var client = new HttpClient { BaseAddress = Server.Url, Timeout = TestTimeouts.Delivery };
        var topic = Newsroom.NewTopic();
        var late = Mint(CurrentKey, "2026-12", [TopicAccess.NewsroomRole], [], DateTimeOffset.UtcNow.AddSeconds(-40));
        var justExpired = Mint(CurrentKey, "2026-12", [TopicAccess.NewsroomRole], [], DateTimeOffset.UtcNow.AddSeconds(-10));

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, late, topic));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, justExpired, topic));
    }

    [Fact]
    public async Task Tokens_of_every_configured_key_pass_for_the_roles_their_key_may_grant_and_no_others()
    {
        using var client = new HttpClient { BaseAddress = Server.Url, Timeout = TestTimeouts.Delivery };
        var topic = Newsroom.NewTopic();
        var soon = DateTimeOffset.UtcNow.AddMinutes(5);
        string[] newsroom = [TopicAccess.NewsroomRole];

        // Both keys of a rotation are valid at once.
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Mint(CurrentKey, "2026-12", newsroom, [], soon), topic));
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Mint(PreviousKey, "2026-06", newsroom, [], soon), topic));
        // Without a kid, every key is tried, and the roles of the one that matched still apply.
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(client, Mint(CurrentKey, null, newsroom, [], soon), topic));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, Mint(ReaderKey, null, newsroom, [], soon), topic));

        // The reader key cannot make a newsroom or admin token, whatever the token says.
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, Mint(ReaderKey, "readers", newsroom, [], soon), topic));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetOverviewAsync(client, Mint(ReaderKey, "readers", [TopicAccess.AdminRole], [], soon)));
        // The previous key was only ever a newsroom key.
        Assert.Equal(HttpStatusCode.Unauthorized, await GetOverviewAsync(client, Mint(PreviousKey, "2026-06", [TopicAccess.AdminRole], [], soon)));
        Assert.Equal(HttpStatusCode.OK, await GetOverviewAsync(client, Mint(CurrentKey, "2026-12", [TopicAccess.AdminRole], [], soon)));

        // A kid that names one key on a token signed with another, and a key nobody configured, are refused.
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, Mint(ReaderKey, "2026-12", newsroom, [], soon), topic));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(client, Mint(new string('r', 48), "retired", newsroom, [], soon), topic));

        // A reader key's token reads the private topics it names.
        var secret = Newsroom.NewTopic("private-desk");
        using var reader = new HttpClient { BaseAddress = Server.Url, Timeout = TestTimeouts.Delivery };
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint(ReaderKey, "readers", [], [secret], soon));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/topics/{secret}/events")).StatusCode);
    }

    [Fact]
    public async Task The_hub_token_swapped_for_a_newsroom_token_carries_no_role_the_same_grants_and_a_lifetime_of_minutes()
    {
        using var client = new HttpClient { BaseAddress = Server.Url, Timeout = TestTimeouts.Delivery };
        var secret = Newsroom.NewTopic("private-desk");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/hub-token");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Mint(CurrentKey, "2026-12", [TopicAccess.NewsroomRole], [secret], DateTimeOffset.UtcNow.AddHours(12)));

        var response = await client.SendAsync(request);
        var anonymous = await client.PostAsync("/api/hub-token", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var hubToken = (await response.Content.ReadFromJsonAsync<HubTokenAnswer>())!;
        var claims = new JsonWebToken(hubToken.Token).Claims.ToArray();
        Assert.DoesNotContain(claims, claim => claim.Type == TopicAccess.RoleClaim);
        Assert.Equal([secret], claims.Where(claim => claim.Type == TopicAccess.TopicsClaim).Select(claim => claim.Value));
        Assert.InRange(hubToken.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));

        // It reads the private topic on the hub, and cannot post.
        await using var connection = LiveWireCluster.CreateHubConnection(Server, hubToken.Token);
        await connection.StartAsync().Within(TestTimeouts.Startup, "connect");
        await connection.InvokeAsync<SubscribeResult>("Subscribe", secret, 0L).Within(TestTimeouts.Delivery, "subscribe");
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(client, hubToken.Token, secret));
    }

    [Fact]
    public async Task A_token_let_in_by_the_clock_skew_after_it_expired_gets_no_hub_token()
    {
        using var client = new HttpClient { BaseAddress = Server.Url, Timeout = TestTimeouts.Delivery };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/hub-token");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Mint(CurrentKey, "2026-12", [TopicAccess.NewsroomRole], [], DateTimeOffset.UtcNow.AddSeconds(-10)));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_a_Server_without_issuer_and_audience_refuses_to_start(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LiveWire:Auth:SigningKey"] = LiveWireCluster.SigningKey });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddLiveWireServer();
        await using var app = builder.Build();
        app.MapLiveWireServer();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().Within(TestTimeouts.Startup, "start"));

        Assert.Contains("Issuer", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string token, string topic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/topics/{topic}/developments")
        {
            Content = JsonContent.Create(new { headline = "Checked by its key" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.SendAsync(request)).StatusCode;
    }

    private static async Task<HttpStatusCode> GetOverviewAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/overview");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.SendAsync(request)).StatusCode;
    }

    private static string Mint(string key, string? kid, string[] roles, string[] topics, DateTimeOffset expires)
    {
        var claims = new List<Claim> { new("sub", "token-test") };
        claims.AddRange(roles.Select(role => new Claim(TopicAccess.RoleClaim, role)));
        claims.AddRange(topics.Select(topic => new Claim(TopicAccess.TopicsClaim, topic)));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = LiveWireCluster.Issuer,
            Audience = LiveWireCluster.Audience,
            IssuedAt = expires.UtcDateTime.AddMinutes(-10),
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) { KeyId = kid }, SecurityAlgorithms.HmacSha256),
        });
    }

    private sealed record HubTokenAnswer(string Token, DateTimeOffset ExpiresAt);
}
