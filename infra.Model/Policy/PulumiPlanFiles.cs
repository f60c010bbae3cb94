using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>Which of Pulumi's documents a plan was read from.</summary>
public enum PlanSource
{
    /// <summary><c>pulumi preview --json</c>: a <c>PreviewDigest</c> whose <c>steps[].newState</c> are what the engine plans.</summary>
    Preview,

    /// <summary><c>pulumi stack export</c>: an <c>UntypedDeployment</c> whose <c>deployment.resources[]</c> are what is deployed.</summary>
    StateExport,
}

/// <summary>A resource in the document that the checks do not judge, and why.</summary>
public sealed record PassedOver(string Resource, string Type, string Why);

/// <summary>A Pulumi plan or state read into the checks' plain description of resources.</summary>
public sealed record PlanDocument(
    PlanSource Source,
    string Project,
    string Stack,
    IReadOnlyList<PlannedResource> Resources,
    IReadOnlyList<PassedOver> PassedOver,
    IReadOnlyList<string> Deleted);

/// <summary>A document that is not what its reader expects: the reason, for the user, never a stack trace.</summary>
public sealed class PlanFileException(string message) : Exception(message);

/// <summary>
/// Reads the two documents the Pulumi CLI prints about a stack into <see cref="PlannedResource"/>s, the same plain
/// description the mocked engine's record gives the checks. The formats are Pulumi's own (pulumi/pulumi):
/// <list type="bullet">
/// <item><c>pulumi preview --json</c> prints a <c>PreviewDigest</c> (<c>sdk/go/common/display/json.go</c>, filled by
/// <c>ShowPreviewDigest</c> in <c>pkg/backend/display/json.go</c>): <c>steps[]</c> of <c>{ op, urn, provider,
/// oldState, newState }</c>, the states being <c>apitype.ResourceV3</c>. Secrets are already blinded to
/// <c>"[secret]"</c>; values known only after apply are the sentinel <see cref="PlanValues.Unknown"/>; unchanged
/// resources appear only with <c>--show-sames</c>.</item>
/// <item><c>pulumi stack export</c> prints an <c>apitype.UntypedDeployment</c> <c>{ version: 3, deployment }</c>
/// whose <c>deployment</c> is a <c>DeploymentV3</c> with <c>resources[]</c> of <c>ResourceV3</c>
/// (<c>sdk/go/common/apitype/core.go</c>): <c>urn, custom, delete, id, type, inputs, outputs, parent, external,
/// dependencies, pendingReplacement</c>. A secret is <c>{ "4dabf18193072939515e22adb298388d":
/// "1b47061264138c4ac30d75fd1eb44270", "ciphertext" | "plaintext": … }</c> (<c>sdk/go/common/resource/sig/sig.go</c>,
/// <c>SerializePropertyValue</c> in <c>pkg/resource/stack/deployment.go</c>): it is read as <c>"[secret]"</c>, so no
/// ciphertext or plaintext ever reaches a check or a report.</item>
/// </list>
/// A resource's logical name is the last part of its URN (<c>urn:pulumi:&lt;stack&gt;::&lt;project&gt;::&lt;parent
/// types$type&gt;::&lt;name&gt;</c>). Steps that delete (<c>delete</c>, <c>delete-replaced</c>, <c>discard</c>, …) and
/// state entries marked <c>delete</c> or <c>pendingReplacement</c> are not checked. Passed over: resources of other
/// providers, resources read from outside the stack (<c>external</c>), and the children of awsx components, which the
/// checks judge by the component's inputs as the mocked engine shows it. Resource ids are written as the mocked engine
/// writes them (<c>sg-&lt;name&gt;</c>, <c>sg-default</c>, <c>subnet-private-N</c>), so the checks tie a rule to its
/// group in a real plan as they do under the mocks.
/// </summary>
public static class PulumiPlanFiles
{
    public const string SigKey = "4dabf18193072939515e22adb298388d";
    public const string SecretSig = "1b47061264138c4ac30d75fd1eb44270";
    public const string StackType = "pulumi:pulumi:Stack";

    /// <summary>The state schema <c>pulumi stack export</c> writes (<c>DeploymentSchemaVersionCurrent</c>).</summary>
    public const int DeploymentVersion = 3;

    /// <summary>Inputs AWS takes as JSON documents: sent as text, read parsed (as the mocked engine's record has them).</summary>
    public static readonly IReadOnlyList<string> JsonDocumentInputs = ["containerDefinitions", "assumeRolePolicy", "policy"];

    /// <summary>Step operations that remove a resource (pkg/resource/deploy/step.go): nothing of theirs is deployed after the update.</summary>
    public static readonly IReadOnlyList<string> RemovingOps = ["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"];

    public static PlanDocument ReadPreview(string json) => Guarded(() => Preview(json));

    public static PlanDocument ReadStateExport(string json) => Guarded(() => StateExport(json));

    /// <summary>Whatever else a malformed document trips (a duplicate key, a value of the wrong kind) is a reason too.</summary>
    private static PlanDocument Guarded(Func<PlanDocument> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new PlanFileException($"malformed document: {e.Message}");
        }
    }

    private static PlanDocument Preview(string json)
    {
        var root = Parse(json, "preview");
        if (root["deployment"] is not null)
        {
            throw new PlanFileException("this is a 'pulumi stack export' document (it has 'deployment'), not 'pulumi preview --json' output: pass it with --state");
        }

        if (root["steps"] is not JsonArray steps)
        {
            throw new PlanFileException("no 'steps' array: expected the output of 'pulumi preview --json --show-sames'");
        }

        var states = new List<JsonObject>();
        var deleted = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not JsonObject step || Text(step["op"]) is not { } op || Text(step["urn"]) is not { } urn)
            {
                throw new PlanFileException($"steps[{i}] has no 'op' and 'urn'");
            }

            var name = Urn.Parse(urn, $"steps[{i}].urn").Name;
            if (RemovingOps.Contains(op, StringComparer.Ordinal))
            {
                deleted.Add(name);
            }
            else if (step["newState"] is JsonObject state)
            {
                states.Add(state);
            }
            else
            {
                throw new PlanFileException($"steps[{i}] (op '{op}', {urn}) has no 'newState'");
            }
        }

        return Describe(PlanSource.Preview, states, deleted, "steps[].newState");
    }

    private static PlanDocument StateExport(string json)
    {
        var root = Parse(json, "state export");
        if (root["steps"] is not null)
        {
            throw new PlanFileException("this is 'pulumi preview --json' output (it has 'steps'), not a 'pulumi stack export' document: pass it with --preview");
        }

        if (root["version"] is { } version && Number(version) != DeploymentVersion)
        {
            throw new PlanFileException($"deployment version {version.ToJsonString()} is not supported; 'pulumi stack export' of Pulumi 3 writes version {DeploymentVersion}");
        }

        if (root["deployment"] is not JsonObject deployment)
        {
            throw new PlanFileException("no 'deployment' object: expected the output of 'pulumi stack export'");
        }

        var states = new List<JsonObject>();
        var deleted = new List<string>();
        var resources = deployment["resources"] switch
        {
            JsonArray list => list,
            null => [],
            _ => throw new PlanFileException("'deployment.resources' is not an array"),
        };
        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i] is not JsonObject state)
            {
                throw new PlanFileException($"deployment.resources[{i}] is not an object");
            }

            if (Bool(state["delete"]) || Bool(state["pendingReplacement"]))
            {
                deleted.Add(Urn.Parse(Text(state["urn"]) ?? string.Empty, $"deployment.resources[{i}].urn").Name);
            }
            else
            {
                states.Add(state);
            }
        }

        return Describe(PlanSource.StateExport, states, deleted, "deployment.resources[]");
    }

    /// <summary>The checks' description of the resources in a list of <c>ResourceV3</c> states.</summary>
    private static PlanDocument Describe(PlanSource source, List<JsonObject> states, List<string> deleted, string where)
    {
        var byUrn = new Dictionary<string, (Urn Urn, JsonObject State)>(StringComparer.Ordinal);
        for (var i = 0; i < states.Count; i++)
        {
            var urn = Urn.Parse(Text(states[i]["urn"]) ?? string.Empty, $"{where}[{i}].urn");
            if (Text(states[i]["type"]) is not { Length: > 0 })
            {
                throw new PlanFileException($"{urn.Text} has no 'type'");
            }

            byUrn[urn.Text] = (urn, states[i]);
        }

        var first = byUrn.Values.Select(v => v.Urn).FirstOrDefault();
        var project = first?.Project ?? string.Empty;
        var stack = first?.Stack ?? string.Empty;
        var passedOver = new List<PassedOver>();
        var kept = new List<(Urn Urn, JsonObject State)>();
        foreach (var (urn, state) in byUrn.Values)
        {
            var type = Text(state["type"])!;
            if (type == StackType)
            {
                continue;
            }

            if (Bool(state["external"]))
            {
                passedOver.Add(new(urn.Name, type, "read from outside the stack, not managed by it"));
            }
            else if (RemoteAncestor(state, byUrn) is { } component)
            {
                passedOver.Add(new(urn.Name, type, $"created by {component.Urn.Type} '{component.Urn.Name}', which the checks judge by its inputs"));
            }
            else if (!InScope(type, project))
            {
                passedOver.Add(new(urn.Name, type, "another provider's resource: the checklist covers AWS"));
            }
            else
            {
                kept.Add((urn, state));
            }
        }

        var ids = MockIds(kept);
        var resources = kept.Select(k => new PlannedResource(
            Text(k.State["type"])!,
            k.Urn.Name,
            ParentName(k.State, byUrn),
            Inputs(k.State["inputs"] as JsonObject, ids),
            [.. Strings(k.State["dependencies"]).Select(d => Urn.TryName(d)).OfType<string>()])).ToList();
        return new PlanDocument(source, project, stack, resources, passedOver, deleted);
    }

    /// <summary>AWS resources, the awsx components, the aws provider and the project's own components.</summary>
    private static bool InScope(string type, string project) =>
        type.StartsWith("aws:", StringComparison.Ordinal)
        || type.StartsWith("awsx:", StringComparison.Ordinal)
        || type == ResourceTypes.AwsProvider
        || (project.Length > 0 && type.StartsWith($"{project}:", StringComparison.Ordinal));

    private static (Urn Urn, JsonObject State)? RemoteAncestor(JsonObject state, Dictionary<string, (Urn Urn, JsonObject State)> byUrn)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var parent = Text(state["parent"]); parent is not null && seen.Add(parent) && byUrn.TryGetValue(parent, out var p); parent = Text(p.State["parent"]))
        {
            if (Text(p.State["type"])!.StartsWith("awsx:", StringComparison.Ordinal))
            {
                return p;
            }
        }

        return null;
    }

    private static string? ParentName(JsonObject state, Dictionary<string, (Urn Urn, JsonObject State)> byUrn) =>
        Text(state["parent"]) is { } parent && byUrn.TryGetValue(parent, out var p)
            ? Text(p.State["type"]) == StackType ? null : p.Urn.Name
            : Urn.TryName(Text(state["parent"]));

    /// <summary>Provider-assigned ids, mapped to the ids the mocked engine gives (see <see cref="PlanView"/>).</summary>
    private static Dictionary<string, string> MockIds(List<(Urn Urn, JsonObject State)> resources)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        void Map(JsonNode? id, string mock)
        {
            if (Text(id) is { Length: > 0 } real && !PlanValues.IsHidden(id))
            {
                ids.TryAdd(real, mock);
            }
        }

        foreach (var (urn, state) in resources)
        {
            var id = state["id"] ?? (state["outputs"] as JsonObject)?["id"];
            switch (Text(state["type"]))
            {
                case ResourceTypes.SecurityGroup:
                    Map(id, $"sg-{urn.Name}");
                    break;
                case ResourceTypes.DefaultSecurityGroup:
                    Map(id, PlanView.DefaultSecurityGroupId);
                    break;
                case ResourceTypes.Subnet:
                    Map(id, $"{urn.Name}-id");
                    break;
                case ResourceTypes.AwsxVpc:
                    foreach (var kind in new[] { "public", "private" })
                    {
                        var subnets = PlanJson.Array((state["outputs"] as JsonObject)?[$"{kind}SubnetIds"]);
                        for (var n = 0; n < subnets.Count; n++)
                        {
                            Map(subnets[n], $"subnet-{kind}-{n.ToString(CultureInfo.InvariantCulture)}");
                        }
                    }

                    break;
            }
        }

        return ids;
    }

    /// <summary>A copy of the inputs with secrets blinded, ids mapped and JSON documents parsed.</summary>
    private static JsonObject Inputs(JsonObject? inputs, Dictionary<string, string> ids)
    {
        var result = new JsonObject();
        foreach (var (key, value) in inputs ?? [])
        {
            var copy = Copy(value, ids);
            result[key] = JsonDocumentInputs.Contains(key, StringComparer.Ordinal) && copy is JsonValue text ? ParseOrKeep(text) : copy;
        }

        return result;
    }

    private static JsonNode? Copy(JsonNode? node, Dictionary<string, string> ids) => node switch
    {
        JsonObject map when Text(map[SigKey]) == SecretSig => JsonValue.Create(PlanValues.Secret),
        JsonObject map => new JsonObject(map.Select(kv => KeyValuePair.Create(kv.Key, Copy(kv.Value, ids)))),
        JsonArray list => new JsonArray([.. list.Select(e => Copy(e, ids))]),
        JsonValue value when value.TryGetValue<string>(out var text) && ids.TryGetValue(text, out var mock) => JsonValue.Create(mock),
        null => null,
        _ => node.DeepClone(),
    };

    private static JsonNode ParseOrKeep(JsonValue text)
    {
        var raw = text.TryGetValue<string>(out var s) ? s.TrimStart() : string.Empty;
        if (!raw.StartsWith('{') && !raw.StartsWith('['))
        {
            return text;
        }

        try
        {
            return JsonNode.Parse(raw) ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static JsonObject Parse(string json, string what)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new PlanFileException($"not valid JSON ({what}): {e.Message}");
        }

        return root as JsonObject ?? throw new PlanFileException($"not a JSON object ({what})");
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static IEnumerable<string> Strings(JsonNode? node) => node is JsonArray list ? list.Select(Text).OfType<string>() : [];

    /// <summary>A Pulumi URN: <c>urn:pulumi:&lt;stack&gt;::&lt;project&gt;::&lt;qualified type&gt;::&lt;name&gt;</c>.</summary>
    private sealed record Urn(string Text, string Stack, string Project, string Type, string Name)
    {
        private const string Prefix = "urn:pulumi:";

        public static Urn Parse(string text, string where)
        {
            var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split("::", 4) : [];
            return parts.Length == 4 && parts[3].Length > 0
                ? new Urn(text, parts[0], parts[1], parts[2][(parts[2].LastIndexOf('$') + 1)..], parts[3])
                : throw new PlanFileException($"{where}: '{text}' is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)");
        }

        public static string? TryName(string? text)
        {
            var parts = text?.StartsWith(Prefix, StringComparison.Ordinal) == true ? text[Prefix.Length..].Split("::", 4) : [];
            return parts.Length == 4 && !parts[2].EndsWith(StackType, StringComparison.Ordinal) ? parts[3] : null;
        }
    }
}
