using System.Text.Json.Serialization;
using LiveWire.Core.Security;
using LiveWire.Core.Serialization;
using LiveWire.Hosting;
using LiveWire.Realtime;
using LiveWire.Server.Api;
using LiveWire.Server.Auth;
using LiveWire.Server.Pages;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Connections;

namespace LiveWire.Server;

/// <summary>The composition of the web host, shared by <c>Program.cs</c> and the tests that run several nodes.</summary>
public static class LiveWireServerExtensions
{
    /// <summary>The path of the hub.</summary>
    public const string HubPath = "/hubs/live";

    /// <summary>The CORS policy of what the embeddable widget reads from other sites' pages: reader GETs and the hub.</summary>
    public const string ReaderCorsPolicy = "readers";

    /// <summary>
    /// Adds everything the web host runs: the node (timeline, fan-out, bus; with the ingestion in-process when no
    /// RabbitMQ is configured), authentication, problem details and the JSON shape of the API.
    /// </summary>
    public static WebApplicationBuilder AddLiveWireServer(this WebApplicationBuilder builder)
    {
        builder.AddLiveWireNode("livewire-server", consumeTimeline: false);

        builder.Services.AddOptions<LiveWireAuthOptions>().BindConfiguration(LiveWireAuthOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.ConfigureOptions<ConfigureJwtBearer>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(LiveWirePolicies.Newsroom, policy => policy.RequireRole(TopicAccess.NewsroomRole))
            .AddPolicy(LiveWirePolicies.Admin, policy => policy.RequireRole(TopicAccess.AdminRole));
        builder.Services.AddSingleton<TokenIssuer>();

        builder.Services.AddProblemDetails();
        builder.Services.AddNewsroomRateLimit();
        builder.Services.AddRazorComponents();
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
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStaticFiles();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapNewsroomApi();
        app.MapReaderApi();
        app.MapDeliveryApi();
        app.MapAdminApi();
        app.MapHub<LiveHub>(HubPath, options => options.Transports =
            HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling)
            .RequireCors(ReaderCorsPolicy);
        app.MapPages();
        app.MapDashboardPage();
        app.MapLiveWireOperations();

        if (app.Environment.IsDevelopment())
        {
            app.Lifetime.ApplicationStarted.Register(() => DevelopmentBanner.Print(app));
        }

        return app;
    }
}
