namespace LiveWire.Server.Api;

/// <summary>The admin API's log messages.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(300, LogLevel.Warning, "The overview could not read the cluster's figures; it answers with the health checks only")]
    public static partial void OverviewPartial(ILogger logger, Exception exception);
}
