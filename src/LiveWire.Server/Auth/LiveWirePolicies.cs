namespace LiveWire.Server.Auth;

/// <summary>The authorization policies of the HTTP API.</summary>
public static class LiveWirePolicies
{
    /// <summary>May publish, correct, retract and pin: role <c>newsroom</c>.</summary>
    public const string Newsroom = "newsroom";

    /// <summary>May see the dashboard and delivery reports: role <c>admin</c>.</summary>
    public const string Admin = "admin";
}
