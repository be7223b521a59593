using LiveWire.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Client.Internal;

/// <summary>Reads the contract's error code out of a <see cref="HubException"/> the hub threw.</summary>
internal static class HubErrors
{
    private const string Marker = "HubException: ";

    private static readonly string[] s_codes =
    [
        HubErrorCodes.InvalidTopic,
        HubErrorCodes.InvalidArgument,
        HubErrorCodes.Forbidden,
        HubErrorCodes.TooManySubscriptions,
        HubErrorCodes.RateLimited,
        HubErrorCodes.StoreUnavailable,
    ];

    /// <summary>The <see cref="LiveWireSubscribeException"/> for a refused <c>Subscribe</c>.</summary>
    public static LiveWireSubscribeException ToSubscribeException(string topic, HubException exception)
    {
        // The client sees "An unexpected error occurred invoking 'Subscribe' on the server. HubException: code: text".
        var message = exception.Message;
        var at = message.LastIndexOf(Marker, StringComparison.Ordinal);
        var detail = at >= 0 ? message[(at + Marker.Length)..] : message;
        var code = s_codes.FirstOrDefault(c => detail.StartsWith(c + ":", StringComparison.Ordinal)) ?? string.Empty;
        return new LiveWireSubscribeException(topic, code, $"Subscribing to '{topic}' was refused: {detail}", exception);
    }

    /// <summary>Whether a refusal stands however often it is retried (as opposed to <c>rate-limited</c>, <c>store-unavailable</c> or no code).</summary>
    public static bool IsPermanent(LiveWireSubscribeException exception) =>
        exception.Code is HubErrorCodes.InvalidTopic
            or HubErrorCodes.InvalidArgument
            or HubErrorCodes.Forbidden
            or HubErrorCodes.TooManySubscriptions;
}
