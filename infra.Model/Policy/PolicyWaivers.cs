using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Infra.Model.Policy;

/// <summary>
/// An accepted exception to one check on one resource, for a reason, until a date (inclusive). Optionally limited to
/// one stack. It suppresses exactly that check on that resource (by logical name), nothing else.
/// </summary>
public sealed record PolicyWaiver(string Id, string Resource, string Reason, DateOnly Expires, string? Stack, int Line)
{
    public bool Matches(string id, string resource, string stack) =>
        Id == id && Resource == resource && (Stack is null || Stack == stack);

    public override string ToString() => $"{Id} on {Resource}{(Stack is null ? string.Empty : $" ({Stack})")} until {Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

/// <summary>A waiver that needs attention: it has expired (and suppresses nothing), or it matched nothing.</summary>
public sealed record WaiverProblem(PolicyWaiver Waiver, string Problem);

/// <summary>The verdicts after waivers: what still counts, what was waived, and the waivers to review.</summary>
public sealed record WaivedVerdicts(
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<UnknownVerdict> Unknowns,
    IReadOnlyList<(Violation Violation, PolicyWaiver Waiver)> Waived,
    IReadOnlyList<WaiverProblem> Problems);

/// <summary>
/// The waivers file (<c>policy-waivers.yaml</c>):
/// <code>
/// waivers:
///   - check: L6
///     resource: edge-alb
///     stack: prod              # optional: every stack when absent
///     reason: deletion protection off while the ALB is rebuilt (CHG-1234)
///     expires: 2027-01-31
/// </code>
/// Every problem in the file is reported at once, with its line.
/// </summary>
public static class PolicyWaivers
{
    public const string FileName = "policy-waivers.yaml";

    private static readonly string[] Fields = ["check", "resource", "stack", "reason", "expires"];

    public static (IReadOnlyList<PolicyWaiver> Waivers, IReadOnlyList<string> Problems) Parse(string yaml, IReadOnlyCollection<string> knownIds)
    {
        ArgumentNullException.ThrowIfNull(knownIds);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            return ([], [$"line {e.Start.Line}: not valid YAML: {e.Message}"]);
        }

        if (stream.Documents.Count == 0)
        {
            return ([], []);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("waivers"), out var list))
        {
            return ([], ["the file must hold a 'waivers:' list"]);
        }

        if (list is YamlScalarNode { Value: null or "" })
        {
            return ([], []);
        }

        if (list is not YamlSequenceNode entries)
        {
            return ([], [$"line {list.Start.Line}: 'waivers' must be a list of {{ check, resource, reason, expires }}"]);
        }

        var waivers = new List<PolicyWaiver>();
        var problems = new List<string>();
        foreach (var entry in entries)
        {
            var line = (int)entry.Start.Line;
            if (entry is not YamlMappingNode map)
            {
                problems.Add($"line {line}: a waiver must be a mapping with check, resource, reason and expires");
                continue;
            }

            string? Field(string name) =>
                map.Children.TryGetValue(new YamlScalarNode(name), out var v) && v is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value) ? s.Value.Trim() : null;

            long LineOf(string name) =>
                map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == name)?.Start.Line ?? line;

            var before = problems.Count;
            foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Where(k => !Fields.Contains(k.Value ?? string.Empty, StringComparer.Ordinal)))
            {
                problems.Add($"line {key.Start.Line}: unknown field '{key.Value}'; a waiver has {string.Join(", ", Fields)}");
            }

            var id = Field("check");
            if (id is null || !knownIds.Contains(id))
            {
                problems.Add($"line {LineOf("check")}: check = '{id}' is not a checklist ID; allowed: {string.Join(", ", knownIds)}");
            }

            var resource = Field("resource");
            if (resource is null)
            {
                problems.Add($"line {line}: resource is required: the logical name of the one resource the waiver covers");
            }

            var reason = Field("reason");
            if (reason is null)
            {
                problems.Add($"line {line}: reason is required: why the exception is accepted");
            }

            var expiresText = Field("expires");
            if (!DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires))
            {
                problems.Add($"line {LineOf("expires")}: expires = '{expiresText}' is not a date (yyyy-MM-dd); every waiver ends");
            }

            if (problems.Count == before)
            {
                waivers.Add(new PolicyWaiver(id!, resource!, reason!, expires, Field("stack"), line));
            }
        }

        return (waivers, problems);
    }

    /// <summary>
    /// Suppresses each violation (and unknown verdict) a live waiver names; reports expired waivers (which suppress
    /// nothing, so their violation counts again) and waivers that matched nothing on this stack.
    /// </summary>
    public static WaivedVerdicts Apply(PolicyVerdicts verdicts, IReadOnlyList<PolicyWaiver> waivers, string stack, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(waivers);
        var live = waivers.Where(w => w.Expires >= today).ToList();
        var used = new HashSet<PolicyWaiver>(ReferenceEqualityComparer.Instance);
        var violations = new List<Violation>();
        var waived = new List<(Violation, PolicyWaiver)>();
        foreach (var violation in verdicts.Violations)
        {
            if (live.FirstOrDefault(w => w.Matches(violation.Id, violation.Resource, stack)) is { } waiver)
            {
                used.Add(waiver);
                waived.Add((violation, waiver));
            }
            else
            {
                violations.Add(violation);
            }
        }

        var unknowns = new List<UnknownVerdict>();
        foreach (var unknown in verdicts.Unknowns)
        {
            if (live.FirstOrDefault(w => w.Matches(unknown.Id, unknown.Resource, stack)) is { } waiver)
            {
                used.Add(waiver);
            }
            else
            {
                unknowns.Add(unknown);
            }
        }

        var problems = new List<WaiverProblem>();
        foreach (var waiver in waivers.Where(w => w.Stack is null || w.Stack == stack))
        {
            if (waiver.Expires < today)
            {
                problems.Add(new(waiver, $"expired on {waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: it no longer suppresses anything; fix the resource or renew the waiver with a new reason"));
            }
            else if (!used.Contains(waiver))
            {
                problems.Add(new(waiver, "matched no violation: the resource complies (or is named differently); remove the waiver"));
            }
        }

        return new WaivedVerdicts(violations, unknowns, waived, problems);
    }
}
