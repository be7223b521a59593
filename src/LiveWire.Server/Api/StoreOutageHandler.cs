using LiveWire.Core.Outages;
using LiveWire.Core.Telemetry;
using Microsoft.AspNetCore.Diagnostics;

namespace LiveWire.Server.Api;

/// <summary>
/// Answers a request that failed because a store did not answer (Redis down, failing over, or still loading its data
/// after a restart: see <see cref="IOutageDetector"/>) with <c>503</c>, <c>Retry-After</c> and the code <see cref="Problems.StoreUnavailableCode"/>, not a
/// <c>500</c>: the caller may retry, and a newsroom call that failed there accepted nothing.
/// </summary>
internal sealed partial class StoreOutageHandler(
    IEnumerable<IOutageDetector> outages,
    LiveWireMetrics metrics,
    ILogger<StoreOutageHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!outages.Any(outage => outage.IsOutage(exception)))
        {
            return false;
        }

        Log.StoreUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.Message);
        metrics.InputRejected("store-unavailable");
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await Problems.StoreUnavailable(httpContext).ExecuteAsync(httpContext);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Warning, "{Method} {Path}: Redis cannot be reached ({Reason}); answered 503")]
        public static partial void StoreUnavailable(ILogger logger, string method, string path, string reason);
    }
}
