using System.Globalization;
using Infra.Model.Policy;

namespace Infra.Tools.Plan.Check;

/// <summary>The table, markdown and JSON view of a check run: the result first, then one section per kind of finding.</summary>
public static class CheckReport
{
    public static Report For(CheckRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var w = run.Waived;
        var lines = StackFileLines.Of(run.Stack.File);
        var stackFileName = Path.GetFileName(run.Stack.File);
        var sections = new List<Section>();
        if (w.Violations.Count > 0)
        {
            sections.Add(Section.Of(
                "violations",
                "Violations",
                ["Check", "Resource", "Property", "Fix", "Setting"],
                w.Violations.Select(v => (IReadOnlyList<string>)[v.Id, v.Resource, v.Property, v.Fix, Setting(v, stackFileName, lines)])));
        }

        if (w.Unknowns.Count > 0)
        {
            sections.Add(Section.Of(
                "unknown",
                "Unknown until apply",
                ["Check", "Resource", "Property", "Why"],
                w.Unknowns.Select(u => (IReadOnlyList<string>)[u.Id, u.Resource, u.Property, u.Reason]),
                run.Strict
                    ? "--strict: these fail the check."
                    : "Not a pass: the check could not see these values. They do not fail the gate (--strict makes them); the daily audit of the deployed state decides them."));
        }

        if (w.Waived.Count > 0)
        {
            sections.Add(Section.Of(
                "waived",
                "Waived",
                ["Check", "Resource", "Property", "Reason", "Expires"],
                w.Waived.Select(x => (IReadOnlyList<string>)[x.Violation.Id, x.Violation.Resource, x.Violation.Property, x.Waiver.Reason, Date(x.Waiver.Expires)])));
        }

        if (w.Problems.Count > 0)
        {
            sections.Add(Section.Of(
                "waiver-problems",
                "Waivers to review",
                ["Check", "Resource", "Line", "Problem"],
                w.Problems.Select(p => (IReadOnlyList<string>)[p.Waiver.Id, p.Waiver.Resource, $"{Path.GetFileName(run.WaiversFile ?? PolicyWaivers.FileName)}:{p.Waiver.Line.ToString(CultureInfo.InvariantCulture)}", p.Problem])));
        }

        if (run.Document.PassedOver.Count > 0)
        {
            sections.Add(Section.Of(
                "passed-over",
                "Passed over",
                ["Resource", "Type", "Why"],
                run.Document.PassedOver.Select(p => (IReadOnlyList<string>)[p.Resource, p.Type, p.Why])));
        }

        return new Report(
            $"Policy check of stack {run.Stack.Stack} ({run.SourceName} {Path.GetFileName(run.File)})",
            Summary(run),
            sections);
    }

    public static string Result(CheckRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var w = run.Waived;
        return run.Fails
            ? $"FAILED: {w.Violations.Count} violation(s){(run.Strict && w.Unknowns.Count > 0 ? $", {w.Unknowns.Count} unknown verdict(s) under --strict" : string.Empty)}"
            : w.Unknowns.Count > 0
                ? $"passed, with {w.Unknowns.Count} verdict(s) unknown until apply"
                : "passed";
    }

    /// <summary>Where a violation's setting is set: <c>Pulumi.prod.yaml:21 (ecs-refarch:deletionProtection)</c>.</summary>
    public static string Setting(Violation violation, string stackFileName, IReadOnlyDictionary<string, int> lines)
    {
        ArgumentNullException.ThrowIfNull(violation);
        ArgumentNullException.ThrowIfNull(lines);
        return ViolationSettings.KeyOf(violation.Id, violation.Property) is { } key
            ? lines.TryGetValue(key, out var line) ? $"{stackFileName}:{line.ToString(CultureInfo.InvariantCulture)} ({key})" : $"{key} (default)"
            : string.Empty;
    }

    private static List<string> Summary(CheckRun run)
    {
        var w = run.Waived;
        var d = run.Document;
        var summary = new List<string>
        {
            $"Result: {Result(run)}",
            $"{d.Resources.Count} resource(s) checked by {run.Verdicts.Checks.Count} check(s) ({run.Stack.Settings.Environment.ToString().ToLowerInvariant()} rules): {w.Violations.Count} violation(s), {w.Unknowns.Count} unknown, {w.Waived.Count} waived",
        };
        if (d.PassedOver.Count > 0 || d.Deleted.Count > 0)
        {
            summary.Add($"{d.PassedOver.Count} resource(s) passed over; {d.Deleted.Count} removed by this update and not checked");
        }

        if (w.Problems.Count > 0)
        {
            summary.Add($"{w.Problems.Count} waiver(s) to review (expired or unused)");
        }

        return summary;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
