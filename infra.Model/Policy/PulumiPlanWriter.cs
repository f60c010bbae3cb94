using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>
/// Writes planned resources (the mocked engine's record, a test's fixture) as the documents the Pulumi CLI prints,
/// in the formats <see cref="PulumiPlanFiles"/> reads: a preview of an existing stack (<c>pulumi preview --json
/// --show-sames</c>, every step <c>same</c>) and a state export. Ids are written as AWS would give them
/// (<c>sg-0…</c>, <c>subnet-0…</c>) and every input that named the mocked id names the real one, so reading a written
/// document back exercises the id mapping a real plan needs.
/// </summary>
public static class PulumiPlanWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Preview(IReadOnlyList<PlannedResource> resources, string project, string stack)
    {
        var states = States(resources, project, stack);
        var steps = new JsonArray();
        foreach (var state in states)
        {
            steps.Add(new JsonObject
            {
                ["op"] = "same",
                ["urn"] = state["urn"]!.DeepClone(),
                ["newState"] = state,
                ["detailedDiff"] = null,
            });
        }

        var digest = new JsonObject
        {
            ["config"] = new JsonObject { [$"{project}:environment"] = stack },
            ["steps"] = steps,
            ["changeSummary"] = new JsonObject { ["same"] = states.Count },
        };
        return digest.ToJsonString(Indented);
    }

    public static string StateExport(IReadOnlyList<PlannedResource> resources, string project, string stack)
    {
        var export = new JsonObject
        {
            ["version"] = PulumiPlanFiles.DeploymentVersion,
            ["deployment"] = new JsonObject
            {
                ["manifest"] = new JsonObject { ["time"] = "2026-12-01T00:00:00Z", ["magic"] = "fixture", ["version"] = "v3.200.0" },
                ["secrets_providers"] = new JsonObject { ["type"] = "service" },
                ["resources"] = new JsonArray([.. States(resources, project, stack)]),
            },
        };
        return export.ToJsonString(Indented);
    }

    /// <summary>The <c>ResourceV3</c> states: the stack first, then each resource with its URN, id, inputs and outputs.</summary>
    private static List<JsonObject> States(IReadOnlyList<PlannedResource> resources, string project, string stack)
    {
        var byName = new Dictionary<string, PlannedResource>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            byName.TryAdd(resource.Name, resource);
        }

        var stackUrn = $"urn:pulumi:{stack}::{project}::{PulumiPlanFiles.StackType}::{project}-{stack}";
        var ids = RealIds(resources);
        string UrnOf(PlannedResource resource)
        {
            var types = new List<string> { resource.Type };
            var seen = new HashSet<string>(StringComparer.Ordinal) { resource.Name };
            for (var parent = resource.Parent; parent is not null && seen.Add(parent) && byName.TryGetValue(parent, out var p); parent = p.Parent)
            {
                types.Insert(0, p.Type);
            }

            return $"urn:pulumi:{stack}::{project}::{string.Join('$', types)}::{resource.Name}";
        }

        var states = new List<JsonObject> { new() { ["urn"] = stackUrn, ["custom"] = false, ["type"] = PulumiPlanFiles.StackType } };
        foreach (var resource in resources)
        {
            var custom = IsCustom(resource.Type);
            var inputs = new JsonObject();
            foreach (var (key, value) in resource.Inputs)
            {
                var real = Replace(value, ids.Replacements);
                inputs[key] = PulumiPlanFiles.JsonDocumentInputs.Contains(key, StringComparer.Ordinal) && real is JsonObject or JsonArray
                    ? JsonValue.Create(real.ToJsonString())
                    : real;
            }

            var outputs = (JsonObject)inputs.DeepClone();
            var state = new JsonObject
            {
                ["urn"] = UrnOf(resource),
                ["custom"] = custom,
                ["type"] = resource.Type,
            };
            if (custom)
            {
                var id = ids.Of.TryGetValue(resource, out var assigned) ? assigned : $"{resource.Name}-{Hex(resource.Name)}";
                state["id"] = id;
                outputs["id"] = id;
            }

            if (resource.Type == ResourceTypes.AwsxVpc)
            {
                outputs["publicSubnetIds"] = new JsonArray([.. ids.Subnets.Where(s => s.Key.StartsWith("subnet-public-", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (JsonNode?)JsonValue.Create(s.Value))]);
                outputs["privateSubnetIds"] = new JsonArray([.. ids.Subnets.Where(s => s.Key.StartsWith("subnet-private-", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (JsonNode?)JsonValue.Create(s.Value))]);
            }

            state["inputs"] = inputs;
            state["outputs"] = outputs;
            state["parent"] = resource.Parent is { } parent && byName.TryGetValue(parent, out var p) ? UrnOf(p) : stackUrn;
            state["dependencies"] = new JsonArray([.. resource.DependsOn.Where(byName.ContainsKey).Select(d => (JsonNode?)JsonValue.Create(UrnOf(byName[d])))]);
            states.Add(state);
        }

        return states;
    }

    private static bool IsCustom(string type) =>
        type.StartsWith("aws:", StringComparison.Ordinal) || type.StartsWith("pulumi:providers:", StringComparison.Ordinal);

    /// <summary>AWS-looking ids for the groups and subnets, and what each mocked id in an input becomes.</summary>
    private static (Dictionary<PlannedResource, string> Of, Dictionary<string, string> Replacements, Dictionary<string, string> Subnets) RealIds(IReadOnlyList<PlannedResource> resources)
    {
        var of = new Dictionary<PlannedResource, string>(ReferenceEqualityComparer.Instance);
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            var (mock, real) = resource.Type switch
            {
                ResourceTypes.SecurityGroup => (PlanView.SecurityGroupIdOf(resource), $"sg-0{Hex(resource.Name)}"),
                ResourceTypes.DefaultSecurityGroup => (PlanView.DefaultSecurityGroupId, $"sg-0{Hex("default")}"),
                ResourceTypes.Subnet => ($"{resource.Name}-id", $"subnet-0{Hex(resource.Name)}"),
                _ => ((string?)null, (string?)null),
            };
            if (mock is not null && real is not null)
            {
                of[resource] = real;
                replacements.TryAdd(mock, real);
            }
        }

        var subnets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var vpc in resources.Where(r => r.Type == ResourceTypes.AwsxVpc))
        {
            var zones = Math.Max(PlanJson.Strings(vpc.Inputs["availabilityZoneNames"]).Count, (int)(PlanJson.Number(vpc.Inputs["numberOfAvailabilityZones"]) ?? 2));
            foreach (var kind in new[] { "public", "private" })
            {
                for (var n = 0; n < zones; n++)
                {
                    var mock = $"subnet-{kind}-{n.ToString(CultureInfo.InvariantCulture)}";
                    subnets[mock] = $"subnet-0{Hex(mock)}";
                    replacements.TryAdd(mock, subnets[mock]);
                }
            }
        }

        return (of, replacements, subnets);
    }

    private static JsonNode? Replace(JsonNode? node, Dictionary<string, string> replacements) => node switch
    {
        JsonObject map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, Replace(kv.Value, replacements)))),
        JsonArray list => new JsonArray([.. list.Select(e => Replace(e, replacements))]),
        JsonValue value when value.TryGetValue<string>(out var text) && replacements.TryGetValue(text, out var real) => JsonValue.Create(real),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>A stable 16-hex-digit tail for an id (FNV-1a of the name).</summary>
    private static string Hex(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
