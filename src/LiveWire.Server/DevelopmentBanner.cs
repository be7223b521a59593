using LiveWire.Core.Security;
using LiveWire.Server.Auth;

namespace LiveWire.Server;

/// <summary>In Development, tells a newcomer at start-up how to post a development.</summary>
internal static partial class DevelopmentBanner
{
    public static void Print(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LiveWire.Server");
        var url = app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.Ordinal)) ?? app.Urls.FirstOrDefault() ?? "http://localhost:5080";
        var token = app.Services.GetRequiredService<TokenIssuer>()
            .Issue("dev-editor", [TopicAccess.NewsroomRole, TopicAccess.AdminRole]);
        Log.HowToPost(logger, url, token);
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, """
            LiveWire is running on {Url} with its embedded defaults.
              Open {Url}/live/demo-story to watch a live story (or {Url}/newsroom to post with the console), then post to it:

              export LIVEWIRE_TOKEN={Token}
              curl -i -X POST {Url}/api/topics/demo-story/developments -H "Authorization: Bearer $LIVEWIRE_TOKEN" -H 'Content-Type: application/json' -d '{{"headline":"Talks resume in the capital","body":"<p>Delegations met at noon.</p>"}}'
            """)]
        public static partial void HowToPost(ILogger logger, string url, string token);
    }
}
