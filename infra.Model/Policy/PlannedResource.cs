using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>
/// A plain description of one planned resource, as the policy checks see it: its type token
/// (<c>aws:lb/loadBalancer:LoadBalancer</c>), logical name, parent's logical name, inputs as JSON (JSON-string
/// inputs such as <c>containerDefinitions</c>, <c>assumeRolePolicy</c> and <c>policy</c> already parsed) and the
/// logical names it depends on. The mocked engine produces these from the real program; fixtures build them by hand.
/// </summary>
public sealed record PlannedResource(
    string Type,
    string Name,
    string? Parent,
    JsonObject Inputs,
    IReadOnlyList<string> DependsOn);
