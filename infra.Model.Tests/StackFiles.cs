namespace Infra.Model.Tests;

/// <summary>The committed Pulumi.yaml and stack files, read exactly as Pulumi hands their values to the program.</summary>
public static class StackFiles
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "stacks");

    public static string ProjectYaml => File.ReadAllText(Path.Combine(Directory, "Pulumi.yaml"));

    public static string StackYaml(string stack) => File.ReadAllText(Path.Combine(Directory, $"Pulumi.{stack}.yaml"));

    public static Dictionary<string, string> Raw(string stack) =>
        new(StackConfigFile.Parse(ProjectYaml, StackYaml(stack)));

    public static StackSettings Settings(string stack) => SettingsLoader.Load(Raw(stack), stack);
}

/// <summary>Builds a raw configuration from a committed stack with a few keys changed: the shape of every bad-input test.</summary>
public sealed class RawConfig
{
    private readonly Dictionary<string, string> _values;

    private RawConfig(Dictionary<string, string> values, string stack)
    {
        _values = values;
        Stack = stack;
    }

    public string Stack { get; }

    public static RawConfig From(string stack) => new(StackFiles.Raw(stack), stack);

    /// <summary>Sets a key; a key without a namespace is in the project's.</summary>
    public RawConfig With(string key, string value)
    {
        _values[Full(key)] = value;
        return this;
    }

    public RawConfig Without(string key)
    {
        _values.Remove(Full(key));
        return this;
    }

    public IReadOnlyDictionary<string, string> Values => _values;

    public IReadOnlyList<ConfigError> Errors(IReadOnlyList<string>? regionZones = null, string? accountId = null) =>
        SettingsLoader.TryLoad(_values, Stack, regionZones, accountId).Errors;

    public StackSettings Load() => SettingsLoader.Load(_values, Stack);

    private static string Full(string key) => key.Contains(':', StringComparison.Ordinal) ? key : ConfigKeys.Full(key);
}
