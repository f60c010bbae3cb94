using System.Text.Json;
using System.Text.Json.Serialization;

namespace Infra.Model.Iam;

/// <summary>An IAM policy document as typed data; <see cref="ToJson"/> is the only way it becomes text.</summary>
public sealed record PolicyDocument([property: JsonPropertyName("Statement"), JsonPropertyOrder(1)] IReadOnlyList<PolicyStatement> Statement)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    [JsonPropertyName("Version")]
    [JsonPropertyOrder(0)]
    public string Version { get; init; } = "2012-10-17";

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static PolicyDocument Of(params PolicyStatement[] statements) => new(statements);
}

public sealed record PolicyStatement(
    [property: JsonPropertyName("Sid"), JsonPropertyOrder(0)] string? Sid,
    [property: JsonPropertyName("Effect"), JsonPropertyOrder(1)] string Effect,
    [property: JsonPropertyName("Principal"), JsonPropertyOrder(2)] PolicyPrincipal? Principal,
    [property: JsonPropertyName("Action"), JsonPropertyOrder(3)] IReadOnlyList<string> Action,
    [property: JsonPropertyName("Resource"), JsonPropertyOrder(4)] IReadOnlyList<string>? Resource,
    [property: JsonPropertyName("Condition"), JsonPropertyOrder(5)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Condition = null)
{
    public static PolicyStatement Allow(string? sid, IReadOnlyList<string> actions, IReadOnlyList<string> resources) =>
        new(sid, "Allow", null, actions, resources);

    /// <summary>A trust statement: exactly one service principal may assume the role.</summary>
    public static PolicyStatement AssumeRoleBy(string servicePrincipal) =>
        new(null, "Allow", new PolicyPrincipal([servicePrincipal], null), ["sts:AssumeRole"], null);
}

public sealed record PolicyPrincipal(
    [property: JsonPropertyName("Service")] IReadOnlyList<string>? Service,
    [property: JsonPropertyName("AWS")] IReadOnlyList<string>? Aws);
