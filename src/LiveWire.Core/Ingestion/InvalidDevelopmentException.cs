using LiveWire.Core.Validation;

namespace LiveWire.Core.Ingestion;

/// <summary>A change that breaks the contract's rules; retrying it cannot help.</summary>
public sealed class InvalidDevelopmentException(ValidationErrors errors)
    : Exception($"The change is invalid: {errors}")
{
    /// <summary>What is wrong, field by field.</summary>
    public ValidationErrors Errors { get; } = errors;
}
