namespace Infra.Tests.Harness;

/// <summary>A committed stack's configuration, read as Pulumi hands it over, with keys changed for a test.</summary>
public sealed class TestConfig
{
    private readonly Dictionary<string, string> _values;

    private TestConfig(Dictionary<string, string> values, string stack)
    {
        _values = values;
        Stack = stack;
    }

    public string Stack { get; }

    public IReadOnlyDictionary<string, string> Values => _values;

    public static string StacksDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "stacks");

    public static TestConfig From(string stack) =>
        new(
            new Dictionary<string, string>(StackConfigFile.Load(
                Path.Combine(StacksDirectory, "Pulumi.yaml"),
                Path.Combine(StacksDirectory, $"Pulumi.{stack}.yaml"))),
            stack);

    /// <summary>Prod with every protection that costs money switched off: plain HTTP, a week of logs, no deletion protection, no access logs.</summary>
    public static TestConfig WeakenedProd() => From("prod")
        .With("httpsEnabled", "false")
        .With("logRetentionDays", "7")
        .With("deletionProtection", "false")
        .With("accessLogsEnabled", "false");

    /// <summary>Sets a key; a key without a namespace is in the project's.</summary>
    public TestConfig With(string key, string value)
    {
        _values[key.Contains(':', StringComparison.Ordinal) ? key : ConfigKeys.Full(key)] = value;
        return this;
    }

    /// <summary>An independent copy: later changes to either leave the other as it was.</summary>
    public TestConfig Copy() => new(new Dictionary<string, string>(_values), Stack);

    public TestConfig Without(string key)
    {
        _values.Remove(key.Contains(':', StringComparison.Ordinal) ? key : ConfigKeys.Full(key));
        return this;
    }
}
