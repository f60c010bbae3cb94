using System.Text.Json;

namespace Infra;

/// <summary>
/// The whole raw configuration of the running stack. Pulumi's language host hands it to the program as the
/// <c>PULUMI_CONFIG</c> environment variable (a JSON object of <c>namespace:key</c> → string, structured values as
/// JSON text); <c>Pulumi.Config</c> reads the same variable but cannot list its keys, and the model needs them all
/// to reject unknown keys.
/// </summary>
internal static class PulumiConfigSource
{
    public const string Variable = "PULUMI_CONFIG";

    public static IReadOnlyDictionary<string, string> Read() => Parse(Environment.GetEnvironmentVariable(Variable));

    public static IReadOnlyDictionary<string, string> Parse(string? json) =>
        string.IsNullOrWhiteSpace(json)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
