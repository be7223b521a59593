using System.Security.Claims;
using LiveWire.Core.Topics;

namespace LiveWire.Core.Security;

/// <summary>Who may read which topic: anyone a public one; a <c>private-</c> one, a token that names it.</summary>
public static class TopicAccess
{
    /// <summary>The claim that lists the private topics a reader token grants; <c>*</c> grants all.</summary>
    public const string TopicsClaim = "topics";

    /// <summary>The claim that carries roles.</summary>
    public const string RoleClaim = "role";

    /// <summary>The role that may publish, correct, retract and pin.</summary>
    public const string NewsroomRole = "newsroom";

    /// <summary>The role that may see the dashboard and delivery reports.</summary>
    public const string AdminRole = "admin";

    /// <summary>Whether <paramref name="user"/> may read <paramref name="topic"/>.</summary>
    public static bool CanRead(ClaimsPrincipal? user, string topic) =>
        !TopicName.IsPrivate(topic)
        || (user?.FindAll(TopicsClaim) ?? []).Any(claim => claim.Value == "*" || claim.Value == topic);

    /// <summary>When <paramref name="user"/>'s token expires (its <c>exp</c>), or null for an anonymous reader.</summary>
    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal? user) =>
        user?.FindFirst("exp") is { } exp && long.TryParse(exp.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
