namespace Infra.Model.Settings;

/// <summary>One problem with one configuration value: which key, what was given, what is allowed.</summary>
public sealed record ConfigError(string Key, string? Value, string Problem, string Allowed)
{
    public override string ToString() =>
        $"{Key} = {(Value is null ? "(not set)" : $"'{Value}'")}: {Problem}; allowed: {Allowed}";
}

/// <summary>Thrown before any resource is declared when the configuration has problems; lists all of them.</summary>
public sealed class SettingsValidationException : Exception
{
    public SettingsValidationException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors)) => Errors = errors;

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        $"The stack configuration has {errors.Count} problem(s); nothing was created:"
        + string.Concat(errors.Select(e => $"{System.Environment.NewLine}  - {e}"));
}
