using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Infra.Tools.Plan.Tests;

/// <summary>
/// <c>plan check</c> end to end over the committed Pulumi documents of both stacks: exit codes, every output
/// format, SARIF that validates against the SARIF 2.1.0 schema, waivers, unknowns and unreadable input.
/// </summary>
public class CheckCommandTests
{
    private static string Plans => Path.Combine(TestContext.CurrentContext.TestDirectory, "plans");

    private static string PlanFile(string name) => Path.Combine(Plans, name);

    /// <summary>The prod preview with one property changed in its text, written to a scratch file.</summary>
    private static string Weakened(ScratchProject project, string old, string @new, string from = "prod.preview.json")
    {
        var text = File.ReadAllText(PlanFile(from));
        Assert.That(text, Does.Contain(old), "the replaced text must exist, or the test tests nothing");
        var path = Path.Combine(project.Directory, $"weakened-{from}");
        File.WriteAllText(path, text.Replace(old, @new, StringComparison.Ordinal));
        return path;
    }

    /// <summary>The 1-based line of a key in a committed stack file, found by reading the text.</summary>
    private static int LineOf(string stack, string key) =>
        Array.FindIndex(File.ReadAllLines(PlanRun.StackFile(stack)), l => l.TrimStart().StartsWith($"{key}:", StringComparison.Ordinal)) + 1;

    [TestCase("dev", "--preview", "dev.preview.json")]
    [TestCase("dev", "--state", "dev.state.json")]
    [TestCase("prod", "--preview", "prod.preview.json")]
    [TestCase("prod", "--state", "prod.state.json")]
    public async Task A_compliant_stack_passes_from_its_preview_and_its_state(string stack, string option, string file)
    {
        var run = await PlanRun.RunAsync("check", option, PlanFile(file));

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error + run.Output);
        Assert.That(run.Error, Is.Empty);
        Assert.That(run.Output, Does.Contain($"Policy check of stack {stack}").And.Contain("Result: passed"));
    }

    [Test]
    public async Task A_violation_fails_with_exit_1_and_names_the_check_resource_property_and_setting_line()
    {
        using var project = new ScratchProject();
        var preview = Weakened(project, "\"enableDeletionProtection\": true", "\"enableDeletionProtection\": false");

        var run = await PlanRun.RunAsync("check", "--preview", preview, "--format", "markdown");

        var line = LineOf("prod", "ecs-refarch:deletionProtection");
        Assert.That(line, Is.GreaterThan(0));
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Output, Does.Contain("Result: FAILED: 1 violation(s)"));
        Assert.That(run.Output, Does.Contain($"| L6 | edge-alb | enableDeletionProtection | set enableDeletionProtection = true (deletionProtection: true) | Pulumi.prod.yaml:{line} (ecs-refarch:deletionProtection) |"));
    }

    [Test]
    public async Task The_same_violation_is_found_from_the_state_export()
    {
        using var project = new ScratchProject();
        var state = Weakened(project, "\"enableDeletionProtection\": true", "\"enableDeletionProtection\": false", "prod.state.json");

        var run = await PlanRun.RunAsync("check", "--state", state, "--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        var violations = JsonNode.Parse(run.Output)!["sections"]!.AsArray().Single(s => (string?)s!["id"] == "violations")!["rows"]!.AsArray();
        Assert.That(violations.Select(v => ((string?)v!["Check"], (string?)v["Resource"], (string?)v["Property"])), Is.EqualTo(new[] { ("L6", "edge-alb", "enableDeletionProtection") }));
    }

    [Test]
    public async Task Sarif_output_validates_against_the_SARIF_2_1_0_schema_and_locates_the_setting()
    {
        using var project = new ScratchProject();
        var preview = Weakened(project, "\"enableDeletionProtection\": true", "\"enableDeletionProtection\": false");
        var schema = await JsonSchema.FromFileAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "sarif-schema-2.1.0.json"));

        var run = await PlanRun.RunAsync("check", "--preview", preview, "--format", "sarif");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(schema.Validate(run.Output).Select(e => e.ToString()), Is.Empty);
        var sarif = JsonNode.Parse(run.Output)!;

        // The validator does judge: the same log with a level SARIF does not define is refused.
        var broken = JsonNode.Parse(run.Output)!;
        broken["runs"]![0]!["results"]![0]!["level"] = "fatal";
        Assert.That(schema.Validate(broken.ToJsonString()), Is.Not.Empty);
        var driver = sarif["runs"]![0]!["tool"]!["driver"]!;
        var result = sarif["runs"]![0]!["results"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(driver["rules"]!.AsArray().Select(r => (string?)r!["id"]), Is.EquivalentTo(Infra.Model.Policy.PolicyEngine.Ids));
            Assert.That((string?)driver["rules"]![(int)result["ruleIndex"]!]!["id"], Is.EqualTo("L6"));
            Assert.That((string?)result["ruleId"], Is.EqualTo("L6"));
            Assert.That((string?)result["level"], Is.EqualTo("error"));
            Assert.That((string?)result["message"]!["text"], Does.Contain("edge-alb.enableDeletionProtection"));
            Assert.That((string?)result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"], Is.EqualTo("Pulumi.prod.yaml"));
            Assert.That((int)result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!, Is.EqualTo(LineOf("prod", "ecs-refarch:deletionProtection")));
        });
    }

    [Test]
    public async Task A_violation_no_single_setting_causes_is_located_at_the_stack_file_without_a_line()
    {
        using var project = new ScratchProject();
        var preview = Weakened(project, "\"httpTokens\": \"required\"", "\"httpTokens\": \"optional\"", "dev.preview.json");
        var sarifFile = Path.Combine(project.Directory, "check.sarif");

        var run = await PlanRun.RunAsync("check", "--preview", preview, "--sarif", sarifFile);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Output, Does.Contain("C1").And.Contain("cluster-launch-template"), "the table still goes to the output");
        var location = JsonNode.Parse(File.ReadAllText(sarifFile))!["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!;
        Assert.That((string?)location["artifactLocation"]!["uri"], Is.EqualTo("Pulumi.dev.yaml"));
        Assert.That(location["region"], Is.Null);
    }

    [Test]
    public async Task Unknowns_are_reported_as_unknown_and_fail_only_with_strict()
    {
        // The fixture's one known violation (a hop limit of 2) is waived, so only the unknowns remain.
        using var project = new ScratchProject();
        project.Stack("dev", "dev");
        File.WriteAllText(Path.Combine(project.Directory, "policy-waivers.yaml"), """
            waivers:
              - check: C2
                resource: cluster-launch-template
                reason: hop limit 2 until the agent upgrade
                expires: 2099-01-01
            """);

        var lenient = await PlanRun.RunAsync("check", "--preview", PlanFile("unknowns.preview.json"), "--project-dir", project.Directory, "--format", "json");
        var strict = await PlanRun.RunAsync("check", "--preview", PlanFile("unknowns.preview.json"), "--project-dir", project.Directory, "--strict");

        Assert.That(lenient.ExitCode, Is.EqualTo(0), lenient.Error);
        var unknown = JsonNode.Parse(lenient.Output)!["sections"]!.AsArray().Single(s => (string?)s!["id"] == "unknown")!["rows"]!.AsArray();
        Assert.That(unknown.Select(u => ((string?)u!["Check"], (string?)u["Resource"])), Does.Contain(("C1", "cluster-launch-template")).And.Contain(("E8", "product-service-task")));
        Assert.That(JsonNode.Parse(lenient.Output)!["summary"]![0]!.GetValue<string>(), Does.StartWith("Result: passed, with"));
        Assert.That(strict.ExitCode, Is.EqualTo(1), strict.Error);
        Assert.That(strict.Output, Does.Contain("unknown verdict(s) under --strict"));
    }

    [Test]
    public async Task A_waiver_suppresses_its_resource_and_an_expired_one_no_longer_does()
    {
        using var project = new ScratchProject();
        project.Stack("prod", "prod");
        var preview = Weakened(project, "\"enableDeletionProtection\": true", "\"enableDeletionProtection\": false");
        var waivers = Path.Combine(project.Directory, "policy-waivers.yaml");
        File.WriteAllText(waivers, """
            waivers:
              - check: L6
                resource: edge-alb
                reason: ALB replaced this week (CHG-1234)
                expires: 2026-12-31
              - check: G1
                resource: product-service-logs
                reason: nothing to waive any more
                expires: 2026-12-31
            """);

        var live = await PlanRun.RunAsync("check", "--preview", preview, "--project-dir", project.Directory, "--today", "2026-12-31", "--format", "markdown");
        var expired = await PlanRun.RunAsync("check", "--preview", preview, "--project-dir", project.Directory, "--today", "2027-01-01", "--format", "markdown");

        Assert.That(live.ExitCode, Is.EqualTo(0), live.Error + live.Output);
        Assert.That(live.Output, Does.Contain("| L6 | edge-alb | enableDeletionProtection | ALB replaced this week (CHG-1234) | 2026-12-31 |"));
        Assert.That(live.Output, Does.Contain("| G1 | product-service-logs | policy-waivers.yaml:6 | matched no violation"));
        Assert.That(expired.ExitCode, Is.EqualTo(1));
        Assert.That(expired.Output, Does.Contain("| L6 | edge-alb | enableDeletionProtection |").And.Contain("expired on 2026-12-31"));
    }

    [Test]
    public async Task An_invalid_waivers_file_is_unreadable_input()
    {
        using var project = new ScratchProject();
        project.Stack("prod", "prod");
        var waivers = Path.Combine(project.Directory, "waivers.yaml");
        File.WriteAllText(waivers, "waivers:\n  - check: L6\n    resource: edge-alb\n    expires: soon\n");

        var run = await PlanRun.RunAsync("check", "--preview", PlanFile("prod.preview.json"), "--project-dir", project.Directory, "--waivers", waivers);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("reason is required").And.Contain("expires = 'soon' is not a date"));
    }

    [TestCase("not json", "not valid JSON")]
    [TestCase("{\"version\": 3, \"deployment\": {}}", "pass it with --state")]
    [TestCase("{\"steps\": [{\"op\": \"same\", \"urn\": \"urn:pulumi:prod::ecs-refarch::aws:s3/bucket:Bucket::b\"}]}", "has no 'newState'")]
    public async Task An_unreadable_preview_exits_2_with_the_reason_and_no_stack_trace(string text, string reason)
    {
        using var project = new ScratchProject();
        var file = Path.Combine(project.Directory, "preview.json");
        File.WriteAllText(file, text);

        var run = await PlanRun.RunAsync("check", "--preview", file, "--stack", "prod");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("plan check: ").And.Contain(reason).And.Not.Contain("   at "));
        Assert.That(run.Output, Is.Empty);
    }

    [TestCase(new[] { "check" }, "give exactly one of --preview")]
    [TestCase(new[] { "check", "--preview", "a.json", "--state", "b.json" }, "give exactly one of --preview")]
    [TestCase(new[] { "check", "--preview", "/nonexistent/preview.json" }, "no such file")]
    [TestCase(new[] { "check", "--preview", "x.json", "--no-such-option" }, "--no-such-option")]
    public async Task Usage_errors_and_missing_files_exit_2(string[] args, string message)
    {
        var run = await PlanRun.RunAsync(args);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain(message));
    }

    [Test]
    public async Task A_document_of_another_stack_is_refused()
    {
        var run = await PlanRun.RunAsync("check", "--preview", PlanFile("dev.preview.json"), "--stack", "prod");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("is of stack 'dev', not 'prod'"));
    }

    [Test]
    public async Task An_organisation_qualified_stack_name_is_accepted()
    {
        var run = await PlanRun.RunAsync("check", "--state", PlanFile("prod.state.json"), "--stack", "acme/prod");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
    }

    [Test]
    public async Task Deleted_and_other_providers_resources_are_listed_as_not_checked()
    {
        var run = await PlanRun.RunAsync("check", "--preview", PlanFile("passed-over.preview.json"), "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error + run.Output);
        Assert.That(run.Output, Does.Contain("4 resource(s) passed over; 1 removed by this update and not checked"));
        Assert.That(run.Output, Does.Contain("| db-password | random:index/randomPassword:RandomPassword | another provider's resource: the checklist covers AWS |"));
    }

    [Test]
    public async Task Secrets_never_appear_in_any_output()
    {
        foreach (var format in new[] { "table", "markdown", "json", "sarif" })
        {
            var run = await PlanRun.RunAsync("check", "--state", PlanFile("secrets.state.json"), "--format", format);

            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Output + run.Error, Does.Not.Contain("hunter2").And.Not.Contain("c2VjcmV0LWNpcGhlcnRleHQ"), format);
            Assert.That(run.Output, Does.Contain("a secret, not decrypted"), format);
        }
    }

    [Test]
    public async Task The_other_commands_refuse_sarif()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--format", "sarif");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("--format sarif is for 'plan check'"));
    }

    [Test]
    public void The_committed_sarif_schema_is_the_OASIS_2_1_0_one()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "sarif-schema-2.1.0.json")));

        Assert.That(schema.RootElement.GetProperty("id").GetString(), Is.EqualTo("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"));
        Assert.That(schema.RootElement.GetProperty("definitions").GetProperty("result").GetProperty("properties").EnumerateObject().Select(p => p.Name), Does.Contain("ruleId").And.Contain("locations"));
    }
}
