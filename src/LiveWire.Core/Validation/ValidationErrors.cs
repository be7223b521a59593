namespace LiveWire.Core.Validation;

/// <summary>The bad fields of an input and why each is bad, keyed by the field's camelCase name.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether no field is bad.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Whether an error is too large content rather than malformed content (HTTP 413 rather than 400).</summary>
    public bool IsTooLarge { get; private set; }

    /// <summary>Records that <paramref name="field"/> is bad.</summary>
    public void Add(string field, string reason)
    {
        if (!_errors.TryGetValue(field, out var reasons))
        {
            _errors[field] = reasons = [];
        }

        reasons.Add(reason);
    }

    /// <summary>Records that <paramref name="field"/> is larger than allowed.</summary>
    public void AddTooLarge(string field, string reason)
    {
        IsTooLarge = true;
        Add(field, reason);
    }

    /// <summary>The errors in the shape of ASP.NET Core's validation problem details.</summary>
    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() =>
        string.Join("; ", _errors.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"));
}
