using LiveWire.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime.Internal;

/// <summary>The hub's errors: a <see cref="HubException"/> whose message starts with one of <see cref="HubErrorCodes"/>.</summary>
internal static class HubErrors
{
    /// <summary>A <see cref="HubException"/> reading <c>code: explanation</c>.</summary>
    public static HubException Create(string code, string explanation) => new($"{code}: {explanation}");
}
