using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Infra.Model.Policy;
using Infra.Tools.Plan.Check;

namespace Infra.Tools.Plan.Rendering;

/// <summary>
/// A check run as SARIF 2.1.0, the format GitHub code scanning takes: one rule per checklist ID (its rule and what it
/// can see), one result per violation that no waiver covers, located at the stack file and, where one setting causes
/// the violation, at that key's line. Unknown verdicts and waivers to review are tool notifications, not results:
/// they are not findings against the code.
/// </summary>
public static class SarifRenderer
{
    public const string SchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public static void Write(CheckRun run, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(writer);
        var checks = PolicyEngine.Checks;
        var index = checks.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        // Relative to the Pulumi project directory, which is the repository root here: code scanning resolves it there.
        var stackUri = Path.GetFileName(run.Stack.File);
        var lines = StackFileLines.Of(run.Stack.File);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "plan check");
            json.WriteString("semanticVersion", "1.0.0");
            json.WriteStartArray("rules");
            foreach (var check in checks)
            {
                json.WriteStartObject();
                json.WriteString("id", check.Id);
                json.WriteString("name", Name(check.Rule));
                Message(json, "shortDescription", check.Rule);
                Message(json, "fullDescription", check.Description);
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", "error");
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteString("scope", check.Scope.ToString());
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("automationDetails");
            json.WriteString("id", $"plan-check/{run.Stack.Stack}/");
            json.WriteEndObject();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", true);
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var unknown in run.Waived.Unknowns)
            {
                Notification(json, run.Strict ? "error" : "note", unknown.ToString());
            }

            foreach (var problem in run.Waived.Problems)
            {
                Notification(json, "warning", $"waiver {problem.Waiver}: {problem.Problem}");
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartArray("results");
            foreach (var violation in run.Waived.Violations)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", violation.Id);
                if (index.TryGetValue(violation.Id, out var ruleIndex))
                {
                    json.WriteNumber("ruleIndex", ruleIndex);
                }

                json.WriteString("level", "error");
                var key = ViolationSettings.KeyOf(violation.Id, violation.Property);
                Message(json, "message", $"{run.Stack.Stack}: {violation.Resource}.{violation.Property}: {violation.Fix}{(key is null ? string.Empty : $" (setting {key})")}");
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                json.WriteString("uri", stackUri);
                json.WriteEndObject();
                if (key is not null && lines.TryGetValue(key, out var line))
                {
                    json.WriteStartObject("region");
                    json.WriteNumber("startLine", line);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteStartArray("logicalLocations");
                json.WriteStartObject();
                json.WriteString("name", violation.Resource);
                json.WriteString("fullyQualifiedName", $"{run.Stack.Stack}::{violation.Resource}.{violation.Property}");
                json.WriteString("kind", "resource");
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartObject("partialFingerprints");
                json.WriteString("planCheck/v1", $"{run.Stack.Stack}/{violation.Id}/{violation.Resource}/{violation.Property}");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>A rule's name in PascalCase words, as code scanning lists it (<c>HttpRedirectsToHttpsProd</c>).</summary>
    private static string Name(string rule) =>
        string.Concat(rule.Split([' ', '-', '(', ')', ',', '/', '.', ':', '"', '+', '=', '≥', '≠'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.All(char.IsLetterOrDigit))
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static void Message(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static void Notification(Utf8JsonWriter json, string level, string text)
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        Message(json, "message", text);
        json.WriteEndObject();
    }
}
