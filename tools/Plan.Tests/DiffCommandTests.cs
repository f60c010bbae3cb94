using System.Text.Json;
using Infra.Model.Cost;

namespace Infra.Tools.Plan.Tests;

public class DiffCommandTests
{
    [Test]
    public async Task Dev_to_prod_shows_the_NAT_and_instance_changes_and_a_higher_cost()
    {
        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("dev"), "--head", PlanRun.StackFile("prod"), "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.StartWith("### Changes from stack dev to stack prod"));
        Assert.That(run.Output, Does.Contain("| natGateways | single | onePerAz |"));
        Assert.That(run.Output, Does.Contain("| instanceType | t3.small | t3.large |"));
        Assert.That(run.Output, Does.Contain("| NAT gateways | 1 (single) | 3 (one per AZ) | yes |"));
        Assert.That(run.Output, Does.Contain("| product-service | cpu | 128 | 256 |"));
        // NAT: 3 × 32.85 − 32.85 = +65.70; instances: 182.21 − 30.37 = +151.84
        Assert.That(run.Output, Does.Contain("| NAT gateways | $32.85 | $98.55 | +$65.70 |"));
        Assert.That(run.Output, Does.Contain("| EC2 instances | $30.37 | $182.21 | +$151.84 |"));
    }

    [Test]
    public async Task Json_diff_carries_a_positive_cost_delta()
    {
        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("dev"), "--head", PlanRun.StackFile("prod"), "--format", "json");

        using var json = JsonDocument.Parse(run.Output);
        var delta = json.RootElement.GetProperty("costDelta");
        // prod 333.69 fixed (326.29 + alarms 3.40 + dashboard 3.00 + key 1.00) + 12.39 usage = 346.08; dev 112.26; delta 233.82
        Assert.That(delta.GetProperty("headTotalUsd").GetDecimal(), Is.EqualTo(346.08m));
        Assert.That(delta.GetProperty("deltaUsd").GetDecimal(), Is.EqualTo(233.82m));
    }

    [Test]
    public async Task An_unchanged_file_has_no_changes_and_no_cost_delta()
    {
        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("prod"), "--head", PlanRun.StackFile("prod"), "--format", "json");

        using var json = JsonDocument.Parse(run.Output);
        var sections = json.RootElement.GetProperty("sections").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.That(sections["settings"].GetProperty("rows").GetArrayLength(), Is.EqualTo(0));
        Assert.That(sections["services"].GetProperty("rows").GetArrayLength(), Is.EqualTo(0));
        Assert.That(json.RootElement.GetProperty("costDelta").GetProperty("deltaUsd").GetDecimal(), Is.EqualTo(0m));
    }

    [Test]
    public async Task An_added_service_shows_in_services_and_routing()
    {
        using var project = new ScratchProject();
        var head = project.Stack("dev", "dev", ("  ecs-refarch:services:\n", """
              ecs-refarch:services:
                - name: orders-service
                  image: example.com/orders:2.1.0
                  containerPort: 8080
                  pathPattern: /orders/*
                  cpu: 256
                  memory: 256

            """));

        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("dev"), "--head", head, "--project-dir", project.Directory, "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.StartWith("### Changes to stack dev (Pulumi.dev.yaml)"));
        Assert.That(run.Output, Does.Contain("| orders-service | added | — | example.com/orders:2.1.0, port 8080, path /orders/*"));
        var priority = Infra.Model.Routing.RoutingPlan.ComputedPriority("/orders/*");
        Assert.That(run.Output, Does.Contain($"| orders-service | rule added | — | /orders/* at priority {priority} |"));
        Assert.That(run.Output, Does.Contain("1 service(s) added"));
    }

    [Test]
    public async Task An_invalid_side_exits_2_naming_its_file_and_problems()
    {
        using var project = new ScratchProject();
        var head = project.Stack("prod", "prod", ("minSize: 3", "minSize: 12"), ("instanceType: t3.large", "instanceType: t3"));

        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("prod"), "--head", head, "--project-dir", project.Directory);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Is.Empty);
        Assert.That(run.Error, Does.Contain(head));
        Assert.That(run.Error, Does.Contain("ecs-refarch:minSize = '12'").And.Contain("ecs-refarch:instanceType = 't3'"));
    }

    [Test]
    public async Task A_file_not_named_for_its_stack_needs_the_stack_option()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"base-{Guid.NewGuid():N}.yaml");
        File.Copy(PlanRun.StackFile("dev"), copy);
        try
        {
            var without = await PlanRun.RunAsync("diff", "--base", copy, "--head", PlanRun.StackFile("dev"));
            var with = await PlanRun.RunAsync("diff", "--base", copy, "--head", PlanRun.StackFile("dev"), "--stack", "dev");

            Assert.That(without.ExitCode, Is.EqualTo(2));
            Assert.That(without.Error, Does.Contain("pass --stack"));
            Assert.That(with.ExitCode, Is.EqualTo(0), with.Error);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Test]
    public async Task Dev_on_spot_shows_the_on_demand_hours_go_and_the_spot_hours_come()
    {
        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("dev"), "--head", PlanRun.SpotExampleFile, "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("| onDemandPercentageAboveBase | 100 | 0 |"));
        // 2 × t3.small on-demand: $30.37 → none; 2 Spot hosts at t2.small's $0.023 less 60 %: $13.43.
        Assert.That(run.Output, Does.Contain("| EC2 instances | $30.37 | $0.00 | -$30.37 |"));
        Assert.That(run.Output, Does.Contain("| EC2 Spot instances | — | $13.43 | +$13.43 |"));
        Assert.That(run.Output, Does.Contain("| Total | $112.26 | $95.32 | -$16.94 |"));
    }

    [Test]
    public void A_type_without_a_price_makes_the_headline_and_total_incomplete_not_a_saving()
    {
        using var project = new ScratchProject();
        var head = project.Stack("prod", "prod", ("instanceType: t3.large", "instanceType: m7i.large"));
        var baseFile = StackInput.Load(PlanRun.StacksDirectory, PlanRun.StackFile("prod"), "prod").Stack!;
        var headFile = StackInput.Load(project.Directory, head, "prod").Stack!;

        var report = DiffSections.For(baseFile, headFile, CostAssumptions.Default, PriceTable.Shipped.Without("m7i.large"));
        var total = report.Sections.Single(s => s.Id == "cost").Rows.Single(r => r[0] == "Total");

        Assert.That(report.Summary[1], Does.Contain("incomplete").And.Contain("m7i.large").And.Not.Contain("(-$"));
        Assert.That(total[2], Does.EndWith("(incomplete)"));
        Assert.That(total[3], Is.EqualTo("incomplete"));
    }

    [Test]
    public async Task With_the_shipped_prices_m7i_large_is_priced()
    {
        using var project = new ScratchProject();
        var head = project.Stack("prod", "prod", ("instanceType: t3.large", "instanceType: m7i.large"));

        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("prod"), "--head", head, "--format", "markdown");

        // 3 × 730 h: t3.large $0.0832 → $182.21; m7i.large $0.1008 → $220.75; +$38.54
        Assert.That(run.Output, Does.Contain("| EC2 instances | $182.21 | $220.75 | +$38.54 |"));
        Assert.That(run.Output, Does.Not.Contain("incomplete"));
    }

    [Test]
    public async Task A_change_that_stops_the_max_counts_fitting_is_shown_as_yes_to_no()
    {
        using var project = new ScratchProject();
        var head = project.Stack("dev", "dev", ("maxCount: 4", "maxCount: 60"));

        var run = await PlanRun.RunAsync("diff", "--base", PlanRun.StackFile("dev"), "--head", head, "--format", "markdown");

        // 60 × 128 MiB of product-service alone is more than 4 t3.small hosts offer (4 × 1587 MiB).
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("| d | At maxSize hosts, every service's maxCount fits | yes | no | yes → no |"));
        Assert.That(run.Output, Does.Contain("- Placement (d) At maxSize hosts, every service's maxCount fits: yes → no"));
    }
}
