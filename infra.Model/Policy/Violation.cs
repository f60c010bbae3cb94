namespace Infra.Model.Policy;

/// <summary>
/// One planned resource breaking one checklist rule: the rule's ID (N1..G3), the resource's logical name, the input
/// property at fault (camelCase wire name, with indexes: <c>containerDefinitions[0].privileged</c>) and how to fix it.
/// </summary>
public sealed record Violation(string Id, string Resource, string Property, string Fix)
{
    public override string ToString() => $"{Id} {Resource}.{Property}: {Fix}";
}
