using System.Text.Json.Nodes;
using Infra.Model.Policy;
using T = Infra.Model.Policy.ResourceTypes;

namespace Infra.Model.Tests.Policy;

/// <summary>
/// Reading Pulumi's own documents (<c>pulumi preview --json</c>, <c>pulumi stack export</c>) into the checks' plain
/// description: both formats parse, they describe the same resources as the fixture they were written from, the same
/// violations are found in each, and what the checks cannot or must not judge is left out or left unknown.
/// </summary>
public class PulumiPlanFilesTests
{
    private const string Project = "ecs-refarch";

    public static IEnumerable<TestCaseData> Stacks()
    {
        yield return new TestCaseData("dev", (Func<PlanFixture>)PlanFixture.Dev, PolicyContext.Dev).SetName("dev");
        yield return new TestCaseData("prod", (Func<PlanFixture>)PlanFixture.Prod, PolicyContext.Prod).SetName("prod");
    }

    [TestCaseSource(nameof(Stacks))]
    public void The_committed_fixtures_are_the_fixture_stacks_in_both_formats(string stack, Func<PlanFixture> plan, PolicyContext context)
    {
        var resources = plan().Resources;
        foreach (var (file, text) in new[]
        {
            ($"{stack}.preview.json", PulumiPlanWriter.Preview(resources, Project, stack)),
            ($"{stack}.state.json", PulumiPlanWriter.StateExport(resources, Project, stack)),
        })
        {
            var path = Path.Combine(PlanFiles.FixturesDirectory, file);
            if (Environment.GetEnvironmentVariable("UPDATE_PLAN_FIXTURES") == "1")
            {
                File.WriteAllText(path, text + "\n");
            }

            Assert.That(File.ReadAllText(path).TrimEnd(), Is.EqualTo(text), $"{file} is stale: run the model tests with UPDATE_PLAN_FIXTURES=1 and commit it");
        }
    }

    [TestCaseSource(nameof(Stacks))]
    public void Both_formats_read_back_as_the_resources_they_were_written_from(string stack, Func<PlanFixture> plan, PolicyContext context)
    {
        // Written afresh, so these follow the fixture stacks; the committed files are checked against the same text above.
        var resources = plan().Resources;
        var preview = PulumiPlanFiles.ReadPreview(PulumiPlanWriter.Preview(resources, Project, stack));
        var state = PulumiPlanFiles.ReadStateExport(PulumiPlanWriter.StateExport(resources, Project, stack));

        foreach (var document in new[] { preview, state })
        {
            Assert.Multiple(() =>
            {
                Assert.That(document.Stack, Is.EqualTo(stack));
                Assert.That(document.Project, Is.EqualTo(Project));
                Assert.That(document.Resources.Select(r => (r.Type, r.Name)), Is.EqualTo(resources.Select(r => (r.Type, r.Name))));
                Assert.That(document.PassedOver, Is.Empty);
                Assert.That(document.Deleted, Is.Empty);
            });
            foreach (var (read, written) in document.Resources.Zip(resources))
            {
                // The written ids (sg-0…, subnet-0…) map back to the mocked engine's, and JSON documents are parsed again.
                Assert.That(JsonNode.DeepEquals(read.Inputs, written.Inputs), $"{document.Source} {read.Name}: {read.Inputs.ToJsonString()} != {written.Inputs.ToJsonString()}");
            }
        }
    }

    [Test]
    public void The_written_documents_carry_AWS_ids_not_the_mocked_ones()
    {
        var text = PlanFiles.Read("prod.state.json");

        Assert.That(text, Does.Not.Contain("\"sg-security-alb\"").And.Not.Contain("\"subnet-private-0\""));
        Assert.That(text, Does.Match("\"securityGroupId\": \"sg-0[0-9a-f]{16}\""));
    }

    [TestCaseSource(nameof(Stacks))]
    public void A_compliant_stack_passes_from_either_format(string stack, Func<PlanFixture> plan, PolicyContext context)
    {
        var resources = plan().Resources;
        foreach (var document in new[] { PulumiPlanFiles.ReadPreview(PulumiPlanWriter.Preview(resources, Project, stack)), PulumiPlanFiles.ReadStateExport(PulumiPlanWriter.StateExport(resources, Project, stack)) })
        {
            var verdicts = PolicyEvaluation.Evaluate(document.Resources, context);

            Assert.That(verdicts.Violations, Is.Empty, string.Join(Environment.NewLine, verdicts.Violations));
            Assert.That(verdicts.Unknowns, Is.Empty, string.Join(Environment.NewLine, verdicts.Unknowns));
        }
    }

    [Test]
    public void A_weakened_prod_fails_the_same_checks_on_the_same_resources_in_all_three_descriptions()
    {
        var weakened = PlanFixture.Prod()
            .Change("edge-alb", r => r.With("enableDeletionProtection", false).Without("accessLogs"))
            .Change("product-service-logs", r => r.With("retentionInDays", 7))
            .Change("security-alb-http", r => r.With("fromPort", 8080).With("toPort", 8080))
            .Resources;

        var direct = PolicyEngine.Evaluate(weakened, PolicyContext.Prod);
        var fromPreview = PolicyEvaluation.Evaluate(PulumiPlanFiles.ReadPreview(PulumiPlanWriter.Preview(weakened, Project, "prod")).Resources, PolicyContext.Prod);
        var fromState = PolicyEvaluation.Evaluate(PulumiPlanFiles.ReadStateExport(PulumiPlanWriter.StateExport(weakened, Project, "prod")).Resources, PolicyContext.Prod);

        Assert.That(direct.Select(v => (v.Id, v.Resource, v.Property)), Is.EquivalentTo(new[]
        {
            ("L5", "edge-alb", "accessLogs.enabled"),
            ("L6", "edge-alb", "enableDeletionProtection"),
            ("G1", "product-service-logs", "retentionInDays"),
            ("N4", "security-alb-http", "fromPort"),
        }));
        Assert.That(fromPreview.Violations, Is.EqualTo(direct));
        Assert.That(fromState.Violations, Is.EqualTo(direct));
        Assert.That(fromPreview.Unknowns, Is.Empty);
    }

    [Test]
    public void An_unknown_input_makes_its_resource_unknown_never_passed_and_leaves_other_verdicts_standing()
    {
        var plan = PlanFixture.Dev()
            .Change("cluster-launch-template", r => r.With("metadataOptions.httpTokens", PlanValues.Unknown))
            .Change("product-service-logs", r => r.With("retentionInDays", 0))
            .Resources;

        var verdicts = PolicyEvaluation.Evaluate(plan, PolicyContext.Dev);

        Assert.Multiple(() =>
        {
            Assert.That(verdicts.OutcomeOf("C1", "cluster-launch-template"), Is.EqualTo(CheckOutcome.Unknown));
            Assert.That(verdicts.Unknowns.Single(u => u.Id == "C1").Property, Is.EqualTo("metadataOptions.httpTokens"));
            Assert.That(verdicts.Unknowns.Single(u => u.Id == "C1").Reason, Does.Contain("known only after apply"));
            // Other checks on the same resource read known values and still decide.
            Assert.That(verdicts.OutcomeOf("C2", "cluster-launch-template"), Is.EqualTo(CheckOutcome.Passed));
            // A check that judges each resource alone keeps its violations elsewhere.
            Assert.That(verdicts.OutcomeOf("G1", "product-service-logs"), Is.EqualTo(CheckOutcome.Violated));
            Assert.That(verdicts.Violations.Select(v => v.Id), Is.EquivalentTo(new[] { "G1" }));
        });
    }

    [Test]
    public void A_check_relating_resources_decides_nothing_when_a_value_it_relates_is_unknown()
    {
        // A new group's id is unknown in a preview: the rules naming it cannot be tied to it.
        var plan = PlanFixture.Dev()
            .Change("security-host-https-out", r => r.With("securityGroupId", PlanValues.Unknown))
            .Change("security-host-to-hosts", r => r.With("securityGroupId", PlanValues.Unknown))
            .Resources;

        var verdicts = PolicyEvaluation.Evaluate(plan, PolicyContext.Dev);

        Assert.Multiple(() =>
        {
            // Under the engine alone N6 would flag security-host for having no egress: here that is unknown, not a violation.
            Assert.That(PolicyEngine.Evaluate("N6", plan, PolicyContext.Dev).Select(v => v.Resource), Does.Contain("security-host"));
            Assert.That(verdicts.OutcomeOf("N6", "security-host"), Is.EqualTo(CheckOutcome.Unknown));
            Assert.That(verdicts.OutcomeOf("N6", "security-host-https-out"), Is.EqualTo(CheckOutcome.Unknown));
            Assert.That(verdicts.Unknowns.Single(u => u.Id == "N6" && u.Resource == "security-host").Reason, Does.Contain("security-host-https-out.securityGroupId"));
            Assert.That(verdicts.Violations, Is.Empty);
        });
    }

    [Test]
    public void The_checks_that_relate_resources_are_the_ones_that_do_not_judge_each_resource_alone()
    {
        Assert.That(
            PolicyEngine.Checks.Where(c => !c.JudgesEachResourceAlone).Select(c => c.Id),
            Is.SupersetOf(new[] { "N1", "N2", "N3", "N4", "N5", "N6", "L2", "L8", "E7", "G2", "G3" }));
        Assert.That(
            PolicyEngine.Checks.Where(c => c.JudgesEachResourceAlone).Select(c => c.Id),
            Is.EquivalentTo(new[] { "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "L1", "L3", "L4", "L5", "L6", "L7", "L9", "E1", "E2", "E3", "E4", "E5", "E6", "E8", "E9", "E10", "I1", "I2", "I3", "I4", "I5", "I6", "G1" }));
    }

    [Test]
    public void A_preview_with_unknowns_reads_the_sentinel_and_yields_unknown()
    {
        var document = PulumiPlanFiles.ReadPreview(PlanFiles.Read("unknowns.preview.json"));

        var verdicts = PolicyEvaluation.Evaluate(document.Resources, PolicyContext.Dev);

        Assert.Multiple(() =>
        {
            Assert.That(document.Resources.Single(r => r.Name == "cluster-launch-template").Inputs["metadataOptions"]!["httpTokens"]!.GetValue<string>(), Is.EqualTo(PlanValues.Unknown));
            Assert.That(verdicts.OutcomeOf("C1", "cluster-launch-template"), Is.EqualTo(CheckOutcome.Unknown));
            Assert.That(verdicts.OutcomeOf("C2", "cluster-launch-template"), Is.EqualTo(CheckOutcome.Violated), "a known hop limit of 2 is still a violation");
            Assert.That(verdicts.OutcomeOf("E8", "product-service-task"), Is.EqualTo(CheckOutcome.Unknown), "role ARNs known only after apply");
        });
    }

    [Test]
    public void Secrets_are_blinded_and_never_reach_the_description()
    {
        var text = PlanFiles.Read("secrets.state.json");
        var document = PulumiPlanFiles.ReadStateExport(text);
        var inputs = string.Join("\n", document.Resources.Select(r => r.Inputs.ToJsonString()));

        var verdicts = PolicyEvaluation.Evaluate(document.Resources, PolicyContext.Dev);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("v1:c2VjcmV0LWNpcGhlcnRleHQ=").And.Contain("hunter2"), "the fixture holds a ciphertext and a plaintext secret");
            Assert.That(inputs, Does.Not.Contain("v1:c2VjcmV0LWNpcGhlcnRleHQ=").And.Not.Contain("hunter2").And.Not.Contain(PulumiPlanFiles.SecretSig));
            Assert.That(document.Resources.Single(r => r.Name == "cluster-launch-template").Inputs["userData"]!.GetValue<string>(), Is.EqualTo(PlanValues.Secret));
            Assert.That(verdicts.OutcomeOf("C5", "cluster-launch-template"), Is.EqualTo(CheckOutcome.Unknown));
            Assert.That(verdicts.Unknowns.Single(u => u.Id == "C5").Reason, Does.Contain("secret"));
            Assert.That(string.Join("\n", verdicts.Unknowns), Does.Not.Contain("hunter2"));
        });
    }

    [Test]
    public void Deleted_resources_and_other_providers_are_not_checked()
    {
        var document = PulumiPlanFiles.ReadPreview(PlanFiles.Read("passed-over.preview.json"));

        var verdicts = PolicyEvaluation.Evaluate(document.Resources, PolicyContext.Dev);

        Assert.Multiple(() =>
        {
            Assert.That(document.Deleted, Is.EquivalentTo(new[] { "old-launch-template" }));
            Assert.That(document.Resources.Select(r => r.Name), Does.Not.Contain("old-launch-template").And.Not.Contain("db-password").And.Not.Contain("network-vpc-vpc"));
            Assert.That(document.PassedOver.Select(p => (p.Resource, p.Type)), Is.EquivalentTo(new[]
            {
                ("db-password", "random:index/randomPassword:RandomPassword"),
                ("default_4_16_0", "pulumi:providers:random"),
                ("network-vpc-vpc", T.Vpc),
                ("shared-vpc", T.Vpc),
            }));
            Assert.That(document.PassedOver.Single(p => p.Resource == "network-vpc-vpc").Why, Does.Contain("awsx:ec2:Vpc 'network-vpc'"));
            // The deleted template broke C1; its replacement complies; awsx's own VPC would count as a second VPC for N1.
            Assert.That(verdicts.Violations, Is.Empty, string.Join(Environment.NewLine, verdicts.Violations));
        });
    }

    [TestCase("not json at all", "not valid JSON")]
    [TestCase("[1, 2]", "not a JSON object")]
    [TestCase("{\"changeSummary\": {}}", "no 'steps' array")]
    [TestCase("{\"steps\": [{\"op\": \"create\"}]}", "steps[0] has no 'op' and 'urn'")]
    [TestCase("{\"steps\": [{\"op\": \"create\", \"urn\": \"not-a-urn\", \"newState\": {}}]}", "'not-a-urn' is not a Pulumi URN")]
    [TestCase("{\"steps\": [{\"op\": \"create\", \"urn\": \"urn:pulumi:dev::p::aws:s3/bucket:Bucket::b\"}]}", "has no 'newState'")]
    [TestCase("{\"version\": 3, \"deployment\": {}}", "pass it with --state")]
    [TestCase("{\"steps\": [], \"steps\": []}", "malformed document")]
    public void A_malformed_preview_is_refused_with_the_reason(string json, string reason)
    {
        var e = Assert.Throws<PlanFileException>(() => PulumiPlanFiles.ReadPreview(json));

        Assert.That(e!.Message, Does.Contain(reason));
    }

    [TestCase("{\"version\": 4, \"deployment\": {\"resources\": []}}", "deployment version 4 is not supported")]
    [TestCase("{\"version\": 3}", "no 'deployment' object")]
    [TestCase("{\"version\": 3, \"deployment\": {\"resources\": {}}}", "'deployment.resources' is not an array")]
    [TestCase("{\"version\": 3, \"deployment\": {\"resources\": [{\"urn\": \"urn:pulumi:dev::p::aws:s3/bucket:Bucket::b\"}]}}", "has no 'type'")]
    [TestCase("{\"steps\": []}", "pass it with --preview")]
    public void A_malformed_state_export_is_refused_with_the_reason(string json, string reason)
    {
        var e = Assert.Throws<PlanFileException>(() => PulumiPlanFiles.ReadStateExport(json));

        Assert.That(e!.Message, Does.Contain(reason));
    }

    [Test]
    public void An_empty_stack_export_has_no_resources()
    {
        var document = PulumiPlanFiles.ReadStateExport("{\"version\": 3, \"deployment\": {\"manifest\": {}}}");

        Assert.That(document.Resources, Is.Empty);
    }

    [Test]
    public void Parents_and_dependencies_are_logical_names_and_the_stack_is_no_parent()
    {
        var network = new PlannedResource("ecs-refarch:network:Network", "network", null, [], []);
        var plan = PlanFixture.Dev().Resources
            .Select(r => r.Name == "network-flow-log" ? r with { Parent = "network", DependsOn = ["network-flow-logs-role"] } : r)
            .Prepend(network)
            .ToList();

        var document = PulumiPlanFiles.ReadStateExport(PulumiPlanWriter.StateExport(plan, Project, "dev"));
        var flowLog = document.Resources.Single(r => r.Name == "network-flow-log");

        Assert.Multiple(() =>
        {
            Assert.That(flowLog.Parent, Is.EqualTo("network"));
            Assert.That(flowLog.DependsOn, Is.EqualTo(new[] { "network-flow-logs-role" }));
            Assert.That(document.Resources.Single(r => r.Name == "edge-alb").Parent, Is.Null);
        });
    }
}

/// <summary>The committed plan fixtures (<c>infra.Model.Tests/Policy/Fixtures</c>).</summary>
internal static class PlanFiles
{
    public static string FixturesDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "infra.slnx")))
                {
                    return Path.Combine(dir.FullName, "infra.Model.Tests", "Policy", "Fixtures");
                }
            }

            throw new DirectoryNotFoundException("no infra.slnx above the test directory");
        }
    }

    public static string Read(string file) => File.ReadAllText(Path.Combine(FixturesDirectory, file));
}
