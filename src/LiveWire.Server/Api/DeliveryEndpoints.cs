using LiveWire.Core.Delivery;
using LiveWire.Core.Validation;
using LiveWire.Server.Auth;

namespace LiveWire.Server.Api;

/// <summary>Delivery reports: how far and how fast one event got (role <c>admin</c>).</summary>
internal static class DeliveryEndpoints
{
    public static IEndpointRouteBuilder MapDeliveryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/topics/{topic}/events/{seq:long}/delivery", GetReportAsync)
            .RequireAuthorization(LiveWirePolicies.Admin)
            .WithTags("Delivery")
            .Produces<DeliveryReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> GetReportAsync(string topic, long seq, IDeliveryStore deliveries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        DevelopmentValidator.ValidateTopic(topic, errors);
        if (seq < 1)
        {
            errors.Add("seq", "must be 1 or more");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        return await deliveries.GetReportAsync(topic, seq, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No delivery report.",
                detail: $"Event {seq} of '{topic}' has not been fanned out, or its report has expired.");
    }
}
