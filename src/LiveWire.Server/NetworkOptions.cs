using System.ComponentModel.DataAnnotations;
using System.Net;

namespace LiveWire.Server;

/// <summary>Where requests come from: which proxies' forwarded headers are believed.</summary>
public sealed class NetworkOptions : IValidatableObject
{
    /// <summary>The configuration section: <c>LiveWire:Network</c>.</summary>
    public const string SectionName = "LiveWire:Network";

    /// <summary>
    /// The proxies (addresses, or networks as <c>10.0.0.0/8</c>) whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> give the client's address and scheme. From anyone else those headers are ignored, so
    /// a client cannot pose as many addresses to get past the per-address limits. When none is set: loopback only.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The trusted proxies as networks (loopback when none is set).</summary>
    public IEnumerable<IPNetwork> TrustedNetworks =>
        TrustedProxies.Count == 0 ? [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")] : TrustedProxies.Select(Parse);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies.Where(proxy => !IPNetwork.TryParse(proxy, out _) && !IPAddress.TryParse(proxy, out _)))
        {
            yield return new ValidationResult($"{SectionName}:TrustedProxies: '{proxy}' is neither an address nor a network.", [nameof(TrustedProxies)]);
        }
    }

    private static IPNetwork Parse(string proxy) =>
        IPNetwork.TryParse(proxy, out var network) ? network : new IPNetwork(IPAddress.Parse(proxy), IPAddress.Parse(proxy).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
}
