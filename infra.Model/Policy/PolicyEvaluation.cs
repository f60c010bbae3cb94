using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>What one check concluded about one resource.</summary>
public enum CheckOutcome
{
    Passed,
    Violated,

    /// <summary>The check could not decide: a value it needed is unknown until apply, or secret.</summary>
    Unknown,
}

/// <summary>
/// One check that could not decide about one resource: the input it could not see (empty when the value was another
/// resource's) and why. Never a pass: a gate reports it, and fails on it only when asked to be strict.
/// </summary>
public sealed record UnknownVerdict(string Id, string Resource, string Property, string Reason)
{
    public override string ToString() => $"{Id} {Resource}{(Property.Length == 0 ? string.Empty : $".{Property}")}: unknown ({Reason})";
}

/// <summary>The checklist's verdicts on a plan: violations, verdicts left unknown, and which checks ran.</summary>
public sealed record PolicyVerdicts(IReadOnlyList<PolicyCheck> Checks, IReadOnlyList<Violation> Violations, IReadOnlyList<UnknownVerdict> Unknowns)
{
    public CheckOutcome OutcomeOf(string id, string resource) =>
        Violations.Any(v => v.Id == id && v.Resource == resource) ? CheckOutcome.Violated
        : Unknowns.Any(u => u.Id == id && u.Resource == resource) ? CheckOutcome.Unknown
        : CheckOutcome.Passed;
}

/// <summary>
/// Runs the checklist over a plan that may hold values unknown at plan time (a preview) or secrets, with a third
/// outcome beside passed and violated. Each check is run as it is; the values it reads are recorded, and:
/// <list type="bullet">
/// <item>a resource whose unknown or secret value the check read is "unknown" for it, whatever the check said;</item>
/// <item>a check that relates resources (<see cref="PolicyCheck.JudgesEachResourceAlone"/> false) and read any such
/// value decides nothing: every resource it flagged or looked at is "unknown" for it;</item>
/// <item>everything else stands as the check said it.</item>
/// </list>
/// With no unknowns or secrets in the plan the violations are exactly <see cref="PolicyEngine.Evaluate(IReadOnlyList{PlannedResource}, PolicyContext)"/>'s.
/// </summary>
public static class PolicyEvaluation
{
    public static PolicyVerdicts Evaluate(IReadOnlyList<PlannedResource> resources, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var plan = new PlanView(resources);
        var owners = new Dictionary<JsonNode, PlannedResource>(ReferenceEqualityComparer.Instance);
        foreach (var resource in resources)
        {
            owners.TryAdd(resource.Inputs, resource);
        }

        var checks = PolicyEngine.ChecksFor(context);
        var violations = new List<Violation>();
        var unknowns = new List<UnknownVerdict>();
        foreach (var check in checks)
        {
            List<Violation> found;
            IReadOnlyList<JsonNode> reads;
            using (var recording = PlanValues.Record())
            {
                found = [.. check.Evaluate(plan, context)];
                reads = recording.Reads;
            }

            var hidden = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            var looked = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in reads)
            {
                if (!owners.TryGetValue(node.Root, out var owner))
                {
                    continue;
                }

                looked.Add(owner.Name);
                if (PlanValues.IsHidden(node))
                {
                    hidden.TryAdd(owner.Name, node);
                }
            }

            if (hidden.Count == 0)
            {
                violations.AddRange(found);
                continue;
            }

            HashSet<string> undecided = check.JudgesEachResourceAlone
                ? hidden.Keys.ToHashSet(StringComparer.Ordinal)
                : [.. looked, .. found.Select(v => v.Resource), .. hidden.Keys];
            violations.AddRange(found.Where(v => !undecided.Contains(v.Resource)));
            var (firstName, firstNode) = hidden.First();
            foreach (var name in undecided.Order(StringComparer.Ordinal))
            {
                unknowns.Add(hidden.TryGetValue(name, out var node)
                    ? new UnknownVerdict(check.Id, name, PathOf(node), Why(node))
                    : new UnknownVerdict(check.Id, name, string.Empty, $"it depends on {firstName}.{PathOf(firstNode)}, {Why(firstNode)}"));
            }
        }

        return new PolicyVerdicts(checks, violations, unknowns);
    }

    /// <summary>The input's path in its resource, as violations name properties (<c>metadataOptions.httpTokens</c>).</summary>
    private static string PathOf(JsonNode node) => node.GetPath().TrimStart('$').TrimStart('.');

    private static string Why(JsonNode node) =>
        node.GetValue<string>() == PlanValues.Secret ? "a secret, not decrypted" : "known only after apply";
}
