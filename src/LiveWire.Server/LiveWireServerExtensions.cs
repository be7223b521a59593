using System.Text.Json.Serialization;
using LiveWire.Core.Security;
using LiveWire.Core.Serialization;
using LiveWire.Hosting;
using LiveWire.Realtime;
using LiveWire.Realtime.Draining;
using LiveWire.Redis;
using LiveWire.Server.Api;
using LiveWire.Server.Auth;
using LiveWire.Server.Pages;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace LiveWire.Server;

/// <summary>The composition of the web host, shared by <c>Program.cs</c> and the tests that run several nodes.</summary>
public static class LiveWireServerExtensions
{
    /// <summary>The path of the hub.</summary>
    public const string HubPath = "/hubs/live";

    // The category of ASP.NET Core hosting's "Request starting/finished" lines.
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>The CORS policy of what the embeddable widget reads from other sites' pages: reader GETs and the hub.</summary>
    public const string ReaderCorsPolicy = "readers";

    /// <summary>
    /// Adds everything the web host runs: the node (timeline, fan-out, bus; with the ingestion in-process when no
    /// RabbitMQ is configured), authentication, problem details and the JSON shape of the API.
    /// </summary>
    public static WebApplicationBuilder AddLiveWireServer(this WebApplicationBuilder builder)
    {
        builder.AddLiveWireNode("livewire-server", consumeTimeline: false);
        // Readers connect to Servers only: their acks, their counts and the reader side of the delivery reports run here.
        builder.Services.AddLiveWireHub();
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis")))
        {
            builder.Services.AddLiveWireRedisReaders();
        }

        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<LiveWireAuthOptions>().BindConfiguration(LiveWireAuthOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                auth => isDevelopment || (!string.IsNullOrEmpty(auth.Issuer) && !string.IsNullOrEmpty(auth.Audience)),
                $"Set {LiveWireAuthOptions.SectionName}:Issuer and {LiveWireAuthOptions.SectionName}:Audience: outside Development every token's issuer and audience are checked.")
            .ValidateOnStart();
        builder.Services.ConfigureOptions<ConfigureJwtBearer>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(LiveWirePolicies.Newsroom, policy => policy.RequireRole(TopicAccess.NewsroomRole))
            .AddPolicy(LiveWirePolicies.Admin, policy => policy.RequireRole(TopicAccess.AdminRole));
        builder.Services.AddSingleton<TokenIssuer>();

        // Hosting's request lines hold the query string, and a hub URL carries its token as ?access_token=: they are
        // never written, whatever the configured level (requests are still traced, with url.query redacted).
        builder.Logging.AddFilter(RequestLogCategory, level => level >= LogLevel.Warning);

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreOutageHandler>();
        builder.Services.AddLiveWireRateLimits();
        builder.Services.AddOptions<ServerLimitsOptions>().BindConfiguration(ServerLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<NetworkOptions>>((forwarded, network) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var trusted in network.Value.TrustedNetworks)
            {
                forwarded.KnownIPNetworks.Add(trusted);
            }
        });
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerLimitsOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxConcurrentUpgradedConnections = limits.Value.MaxUpgradedConnections);
        builder.Services.AddRazorComponents();
        builder.Services.AddOptions<ApiDocumentOptions>().BindConfiguration(ApiDocumentOptions.SectionName);
        builder.Services.AddOpenApi(ApiDocumentOptions.DocumentName);
        // The widget runs on news sites' own pages: any origin may read, without cookies (tokens go in a header).
        builder.Services.AddCors(options => options.AddPolicy(ReaderCorsPolicy, policy => policy
            .AllowAnyOrigin().AllowAnyHeader().WithMethods(HttpMethods.Get, HttpMethods.Post).WithExposedHeaders("ETag")));
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, LiveWireJsonContext.Default);
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        return builder;
    }

    /// <summary>Maps the API, the hub, the pages and health.</summary>
    public static WebApplication MapLiveWireServer(this WebApplication app)
    {
        // A hub connection is one request that lasts as long as the reader stays, and each middleware it passes
        // keeps its frame (and whatever it made) for that long, on every reader. So hub requests have a pipeline of
        // their own: no error pages (SignalR answers its own errors), and a reader's WebSocket without a token skips
        // CORS (browsers do not ask it of a WebSocket) and authentication (which would find nobody). Through them it
        // would keep about 950 bytes more, a reader (docs/benchmarks.md).
        app.UseForwardedHeaders();
        // Draining before a stop: new readers go to another node (the balancer retries, the clients back off).
        var drain = app.Services.GetRequiredService<ConnectionDrain>();
        app.UseWhen(context => drain.IsDraining && IsHubRequest(context), branch => branch.Run(context =>
        {
            context.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This node is shutting down.").ExecuteAsync(context);
        }));
        app.MapWhen(IsHubRequest, hub => hub
            .UseWhen(context => !IsAnonymousWebSocket(context), branch => branch.UseCors().UseAuthentication())
            .UseRateLimiter()
            .Run(RunEndpointAsync));

        app.UseExceptionHandler();
        app.UseStatusCodePages(Problems.StatusCodePageAsync);
        app.UseUnknownCharsetRefusal();
        // The widget's script and stylesheet load on other sites' pages, with integrity="…" crossorigin="anonymous".
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.AccessControlAllowOrigin = "*",
        });
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapNewsroomApi();
        app.MapReaderApi();
        app.MapDeliveryApi();
        app.MapAdminApi();
        app.MapHubTokenApi();
        app.MapLiveHub(HubPath, options =>
            {
                options.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
                // A connection lives no longer than its token: a reader of a private topic must come back with a new one.
                options.CloseOnAuthenticationExpiration = true;
            })
            .RequireCors(ReaderCorsPolicy)
            .RequireRateLimiting(RateLimits.HubConnections);
        app.MapPages();
        app.MapDashboardPage();
        app.MapLiveWireOperations();
        if (app.Environment.IsDevelopment() || app.Services.GetRequiredService<IOptions<ApiDocumentOptions>>().Value.Enabled)
        {
            app.MapOpenApi(ApiDocumentOptions.Path);
        }

        if (app.Environment.IsDevelopment())
        {
            app.Lifetime.ApplicationStarted.Register(() => DevelopmentBanner.Print(app));
        }

        return app;
    }

    private static bool IsHubRequest(HttpContext context) => context.Request.Path.StartsWithSegments(HubPath);

    // A WebSocket handshake (HTTP/1.1 upgrade, or HTTP/2's extended CONNECT) without a token. Not context.WebSockets:
    // its feature comes with the WebSocket middleware that SignalR runs inside the hub's endpoint.
    private static bool IsAnonymousWebSocket(HttpContext context) =>
        (string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase)
            || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: "websocket" })
        && !CarriesToken(context.Request);

    private static bool CarriesToken(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Query.ContainsKey(ConfigureJwtBearer.QueryTokenName);

    // The hub's endpoint, which routing chose (it runs first in a WebApplication), run at the end of the hub's
    // pipeline. The hub asks for no authorization, and its CORS policy and rate limit ran above.
    private static Task RunEndpointAsync(HttpContext context) =>
        context.GetEndpoint()?.RequestDelegate is { } endpoint
            ? endpoint(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
}
