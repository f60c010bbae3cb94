using System.Text.Json;
using Infra.Model.Cost;
using Infra.Model.Settings;

namespace Infra.Tools.Plan.Tests;

public class PlanCommandTests
{
    private static readonly string[] SectionTitles =
    [
        "Subnets per AZ", "Security-group rules", "Load balancer listeners", "Listener rules (evaluation order)",
        "Cluster", "Services", "Names", "Monthly cost estimate",
    ];

    [TestCase("dev", "table")]
    [TestCase("prod", "table")]
    [TestCase("dev", "markdown")]
    [TestCase("prod", "markdown")]
    public async Task Both_committed_stacks_plan_with_every_section(string stack, string format)
    {
        var run = await PlanRun.RunAsync("--stack", stack, "--format", format);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Error, Is.Empty);
        foreach (var title in SectionTitles)
        {
            Assert.That(run.Output, Does.Contain(title));
        }
    }

    [Test]
    public async Task Dev_cost_table_is_the_hand_computed_one()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--format", "markdown");

        // desiredCapacity 2 × t3.small × 730 h = 1,460 h × $0.0208 = 30.368 → $30.37
        Assert.That(run.Output, Does.Contain("| EC2 instances | fixed | 1,460 instance-hours | $0.0208 | $30.37 |"));
        // natGateways single: 1 × 730 h × $0.045 = $32.85
        Assert.That(run.Output, Does.Contain("| NAT gateways | fixed | 730 NAT gateway-hours | $0.045 | $32.85 |"));
        // 1 NAT EIP + 2 ALB nodes = 3 × 730 = 2,190 h × $0.005 = $10.95
        Assert.That(run.Output, Does.Contain("| Public IPv4 addresses | fixed | 2,190 address-hours | $0.005 | $10.95 |"));
        // 2 hosts × 30 GiB gp3 = 60 GB-months × $0.08 = $4.80
        Assert.That(run.Output, Does.Contain("| EBS root volumes | fixed | 60 GB-months | $0.08 | $4.80 |"));
        // 22 alarm metrics × 0.10 = 2.20; one dashboard 3.00; the topic's key 1.00
        Assert.That(run.Output, Does.Contain("| CloudWatch alarms | fixed | 22 alarm-metric-months | $0.10 | $2.20 |"));
        Assert.That(run.Output, Does.Contain("| CloudWatch dashboard | fixed | 1 dashboard-months | $3.00 | $3.00 |"));
        // fixed 30.37 + 32.85 + 10.95 + 16.43 + 4.80 + 2.20 + 3.00 + 1.00 = 101.60; usage 2.25 + 5.84 + 2.50 + 0.07 = 10.66; total 112.26
        Assert.That(run.Output, Does.Contain("| Fixed |  |  |  | $101.60 |"));
        Assert.That(run.Output, Does.Contain("| Total |  |  |  | $112.26 |"));
        Assert.That(run.Output, Does.Contain("natDataGb=50, albLcus=1, logsIngestedGb=5"));
    }

    [Test]
    public async Task Prod_plan_shows_a_NAT_gateway_per_AZ_HTTPS_and_the_prod_names()
    {
        var run = await PlanRun.RunAsync("--stack", "prod", "--format", "markdown");

        Assert.That(run.Output, Does.Contain("| us-east-1 AZ 3 | 10.180.40.0/21 | 10.180.48.0/21 | yes, for this AZ |"));
        Assert.That(run.Output, Does.Contain("| HTTP :80 | redirect 301 to HTTPS :443 |"));
        Assert.That(run.Output, Does.Contain("ELBSecurityPolicy-TLS13-1-2-2021-06; certificate arn:aws:acm:us-east-1:123456789012:certificate/"));
        Assert.That(run.Output, Does.Contain("| load balancer | prod-alb |"));
        Assert.That(run.Output, Does.Contain("| task role (product-service) | prod-product-service-task |"));
        Assert.That(run.Output, Does.Contain("| log group (website-service) | /ecs/ecs-refarch/prod/website-service |"));
        Assert.That(run.Output, Does.Contain("| AMI | ami-0066fc6d0f069eeea (pinned: hosts are replaced only when the pin changes) |"));
        // HTTPS on: 443 open to the allowed CIDRs (default anywhere), the rules on the HTTPS listener.
        Assert.That(run.Output, Does.Contain("| alb | ingress | tcp | 443 | 0.0.0.0/0 |"));
        Assert.That(run.Output, Does.Contain("Rules are on the HTTPS :443 listener"));
        Assert.That(run.Output, Does.Contain("clients use https://"));
        // instanceRefreshMinHealthyPercent 100: replacements launch first, so up to 200 %; managed scaling may add
        // up to maxSize 9 − minSize 3 = 6 hosts a step.
        Assert.That(run.Output, Does.Contain("| instance refresh | Rolling, healthy 100-200 %"));
        Assert.That(run.Output, Does.Contain("| capacity provider | managed scaling to 100 %, 1-6 hosts a step"));
        // desiredCapacity 3 × t3.large × 730 h × $0.0832 = 182.208 → $182.21
        Assert.That(run.Output, Does.Contain("| EC2 instances | fixed | 2,190 instance-hours | $0.0832 | $182.21 |"));
    }

    [Test]
    public async Task Dev_plan_prints_what_its_components_deploy()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--format", "markdown");

        // httpsEnabled false: one HTTP listener serves the rules and answers 404 otherwise; no 443 rule on the ALB.
        Assert.That(run.Output, Does.Contain("| HTTP :80 | rules below, else fixed 404 |"));
        Assert.That(run.Output, Does.Not.Contain("HTTPS :443"));
        Assert.That(run.Output, Does.Contain("| alb | ingress | tcp | 80 | 0.0.0.0/0 |"));
        Assert.That(run.Output, Does.Not.Contain("| alb | ingress | tcp | 443 |"));
        Assert.That(run.Output, Does.Contain("clients use http://"));
        // The website calls the product service through Service Connect: hosts never leave on 80 (N7).
        Assert.That(run.Output, Does.Not.Contain("| host | egress | tcp | 80 |"));
        Assert.That(run.Output, Does.Contain("| host | egress | tcp | 32768-65535 | host security group |"));
        // Every host log file gets its own group under /ec2/<project>/<stack>/: messages, secure and the ECS ones.
        foreach (var log in new[] { "messages", "secure", "ecs-init", "ecs-agent", "ecs-audit" })
        {
            Assert.That(run.Output, Does.Contain($"| instance log group ({log}) | /ec2/ecs-refarch/dev/{log} |"));
        }

        Assert.That(run.Output, Does.Not.Contain("log name"));
        // Task family <stack>-<service>; the instance role <stack>-instance.
        Assert.That(run.Output, Does.Contain("| task family (website-service) | dev-website-service |"));
        Assert.That(run.Output, Does.Contain("| instance role | dev-instance |"));
        // website-service: desiredCount 2, minCount 2, maxCount 3; 128 CPU units / 128 MiB.
        Assert.That(run.Output, Does.Contain("| / | 128 / 128 MiB | 2 (2-3) | CPU "));
        // instanceRefreshMinHealthyPercent 50: terminate first, never above 100 %.
        Assert.That(run.Output, Does.Contain("| instance refresh | Rolling, healthy 50-100 %"));
    }

    [Test]
    public async Task Health_checks_and_scaling_show_the_configured_values()
    {
        using var project = new ScratchProject();
        project.Stack("dev", "dev", ("      maxCount: 3\n", """
                  maxCount: 3
                  deregistrationDelaySeconds: 120
                  slowStartSeconds: 60
                  healthCheck:
                    path: /health
                    matcher: "200"
                    intervalSeconds: 15
                    timeoutSeconds: 6
                    healthyThreshold: 4
                    unhealthyThreshold: 5
                  scaling:
                    cpuTargetPercent: 55
                    requestsPerTarget: 400
                    scaleOutCooldownSeconds: 45
                    scaleInCooldownSeconds: 240

            """));

        var run = await PlanRun.RunAsync("--stack", "dev", "--project-dir", project.Directory, "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("| website-service-tg | 8000 | /health (200) | every 15 s, timeout 6 s; healthy after 4, unhealthy after 5; deregistration delay 120 s; slow start 60 s |"));
        Assert.That(run.Output, Does.Contain("| 2 (2-3) | CPU 55 %, 400 requests/target; cooldown out 45 s, in 240 s |"));
    }

    [Test]
    public async Task Services_and_routing_come_from_the_stack_file()
    {
        var run = await PlanRun.RunAsync("--stack", "prod", "--format", "markdown");

        Assert.That(run.Output, Does.Contain("| product-service | 275396840892.dkr.ecr.us-east-1.amazonaws.com/ecs-refarch-cloudformation/product-service:1.0.0 | 8001 | /products | 256 / 256 MiB | 3 (3-9) | CPU 70 %, 1000 requests/target"));
        var products = Infra.Model.Routing.RoutingPlan.ComputedPriority("/products");
        var root = Infra.Model.Routing.RoutingPlan.ComputedPriority("/");
        Assert.That(run.Output, Does.Contain($"| {products} | /products | product-service | product-service-tg | 8001 | /products (200-299) |"));
        // The more specific pattern is evaluated first.
        Assert.That(run.Output.IndexOf($"| {products} |", StringComparison.Ordinal), Is.LessThan(run.Output.IndexOf($"| {root} |", StringComparison.Ordinal)));
    }

    [Test]
    public async Task Json_parses_and_carries_the_cost_as_numbers()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.That(root.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()),
            Is.EqualTo(new[] { "overview", "subnets", "security-groups", "listeners", "addressing", "routing", "cluster", "placement", "services", "deployments", "alarms", "names", "cost" }));
        // 101.60 fixed + 10.66 usage (see the markdown test for the arithmetic)
        Assert.That(root.GetProperty("cost").GetProperty("totalUsd").GetDecimal(), Is.EqualTo(112.26m));
        Assert.That(root.GetProperty("cost").GetProperty("lines")[0].GetProperty("priceSource").GetString(), Is.EqualTo("AWS EC2 on-demand pricing, us-east-1, Linux"));
        var subnets = root.GetProperty("sections")[1].GetProperty("rows");
        Assert.That(subnets[1].GetProperty("Private subnet").GetString(), Is.EqualTo("10.180.32.0/21"));
    }

    [Test]
    public async Task A_bad_stack_file_exits_2_listing_every_problem()
    {
        using var project = new ScratchProject();
        project.Stack("bad", "dev",
            ("stack: dev", "stack: bad"),
            ("instanceType: t3.small", "instanceType: large"),
            ("natGateways: single", "natGateways: double"),
            ("logRetentionDays: 14", "logRetentionDays: 10"),
            ("  ecs-refarch:minSize: 2", "  ecs-refarch:minSize: 2\n  ecs-refarch:desiredCapacty: 2"));

        var run = await PlanRun.RunAsync("--stack", "bad", "--project-dir", project.Directory);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Output, Is.Empty);
        Assert.That(run.Error, Does.Contain("ecs-refarch:instanceType = 'large'"));
        Assert.That(run.Error, Does.Contain("ecs-refarch:natGateways = 'double'").And.Contain("onePerAz"));
        Assert.That(run.Error, Does.Contain("ecs-refarch:logRetentionDays = '10'"));
        Assert.That(run.Error, Does.Contain("ecs-refarch:desiredCapacty = '2'").And.Contain("did you mean 'ecs-refarch:desiredCapacity'"));
        Assert.That(run.Error, Does.Contain("has 4 problem(s)"));
    }

    [Test]
    public async Task What_AWS_would_refuse_at_deploy_time_and_needs_no_AWS_call_to_know_fails_the_offline_plan()
    {
        using var project = new ScratchProject();
        project.Stack("dev", "dev",
            ("aws:region: us-east-1", "aws:region: us-east-7"),
            ("  ecs-refarch:natGateways: single", "  ecs-refarch:natGateways: single\n  ecs-refarch:availabilityZones: [\"us-east-7a\", \"eu-west-1b\"]"),
            ("ecs-refarch-cloudformation/product-service:1.0.0", "Ecs-Refarch/product-service:1.0.0"));

        var run = await PlanRun.RunAsync("--stack", "dev", "--project-dir", project.Directory);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("aws:region = 'us-east-7': not a Region AWS offers"));
        Assert.That(run.Error, Does.Contain("ecs-refarch:services[0].image = '275396840892.dkr.ecr.us-east-1.amazonaws.com/Ecs-Refarch/product-service:1.0.0'")
            .And.Contain("the repository path must be lowercase"));
        Assert.That(run.Error, Does.Not.Contain("ecs-refarch:availabilityZones"), "zones are judged against a region only once the region is known");

        project.Stack("dev", "dev", ("  ecs-refarch:natGateways: single", "  ecs-refarch:natGateways: single\n  ecs-refarch:availabilityZones: [\"us-east-1a\", \"eu-west-1b\"]"));
        var zones = await PlanRun.RunAsync("--stack", "dev", "--project-dir", project.Directory);

        Assert.That(zones.Error, Does.Contain("ecs-refarch:availabilityZones = 'eu-west-1b': an AZ of eu-west-1, not of the stack's region us-east-1"));
    }

    [Test]
    public async Task A_missing_stack_or_project_file_exits_2()
    {
        using var project = new ScratchProject();

        var noStack = await PlanRun.RunAsync("--stack", "staging", "--project-dir", project.Directory);
        var noProject = await PlanRun.RunAsync("--stack", "dev", "--project-dir", Path.GetTempPath());

        Assert.That(noStack.ExitCode, Is.EqualTo(2));
        Assert.That(noStack.Error, Does.Contain("Pulumi.staging.yaml: no such stack file"));
        Assert.That(noProject.ExitCode, Is.EqualTo(2));
        Assert.That(noProject.Error, Does.Contain("holds no Pulumi.yaml"));
    }

    [Test]
    public async Task Assumptions_change_the_usage_lines_and_bad_ones_exit_2()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--format", "markdown", "--assume", "natDataGb=1000", "--assume", "albLcus=2");
        var bad = await PlanRun.RunAsync("--stack", "dev", "--assume", "egressGb=5");

        // 1000 GB × $0.045 = $45.00; 2 LCU × 730 h = 1,460 LCU-hours × $0.008 = $11.68
        Assert.That(run.Output, Does.Contain("| NAT data processed | usage | 1,000 GB | $0.045 | $45.00 |"));
        Assert.That(run.Output, Does.Contain("| ALB capacity units | usage | 1,460 LCU-hours | $0.008 | $11.68 |"));
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Error, Does.Contain("egressGb=5").And.Contain("natDataGb=<number>"));
    }

    [Test]
    public void An_unpriced_instance_type_prints_a_no_price_line_and_an_incomplete_total()
    {
        var settings = Settings("dev", ("instanceType: t3.small", "instanceType: r7i.large"));

        var report = PlanSections.For(settings, CostAssumptions.Default, PriceTable.Shipped.Without("r7i.large"));
        var cost = report.Sections.Single(s => s.Id == "cost");

        Assert.That(cost.Rows.Single(r => r[0] == "EC2 instances").Skip(1).Take(4), Is.EqualTo(new[] { "fixed", "1,460 instance-hours", "no price", "no price" }));
        Assert.That(cost.Rows.Single(r => r[0] == "Total")[4], Does.EndWith("(incomplete)"));
        Assert.That(cost.Rows.Single(r => r[0] == "Total")[5], Does.Contain("no price for EC2 instances (r7i.large)"));
        Assert.That(report.Summary[0], Does.Contain("incomplete").And.Contain("r7i.large"));
    }

    [Test]
    public async Task A_dev_stack_on_spot_splits_on_demand_and_spot_hours()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--project-dir", PlanRun.SpotExampleDirectory, "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        // 0 on-demand hosts; 2 Spot hosts × 730 h = 1,460 h at t2.small's $0.023 (the dearest of the three) less 60 %:
        // $0.0092 an hour, $13.43 a month.
        Assert.That(run.Output, Does.Contain("| EC2 instances | fixed | 0 instance-hours | $0.0208 | $0.00 |"));
        Assert.That(run.Output, Does.Contain("| EC2 Spot instances | fixed | 1,460 instance-hours | $0.0092 | $13.43 |"));
        Assert.That(run.Output, Does.Contain("| instance types | t3.small, t3a.small, t2.small (mixed instances policy"));
        Assert.That(run.Output, Does.Contain("at desired capacity 0 on-demand, 2 Spot"));
        Assert.That(run.Output, Does.Contain("each a t2.small (the smallest of the instance types: the worst case) offering 1024 CPU units and 1587 MiB"));
    }

    [Test]
    public async Task The_plan_prints_the_placement_table_and_the_four_answers()
    {
        var run = await PlanRun.RunAsync("--stack", "prod", "--format", "markdown");

        // 3 hosts in 3 AZs; each holds one task of each service, each task with the Service Connect proxy's 256 CPU
        // units and 64 MiB: (256 + 256) × 2 = 1024 CPU units and (256 + 64) × 2 = 640 of 7116 MiB.
        Assert.That(run.Output, Does.Contain("| host 1 | AZ 1 | 1 × product-service, 1 × website-service | 1024 / 2048 | 640 / 7116 MiB | 1024 CPU units, 6476 MiB |"));
        Assert.That(run.Output, Does.Contain("| host 3 | AZ 3 |"));
        Assert.That(run.Output, Does.Contain("- Hosts per AZ: AZ 1 1, AZ 2 1, AZ 3 1."));
        foreach (var id in new[] { "(a)", "(b)", "(c)", "(d)" })
        {
            Assert.That(run.Output, Does.Contain($"- {id} "));
        }

        Assert.That(run.Output, Does.Contain("(c) After losing the AZ with the most hosts, every service's minimum fits? yes: losing AZ 1 (1 of 3 hosts) leaves 2"));
    }

    [Test]
    public async Task The_spot_discount_is_an_assumption()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--project-dir", PlanRun.SpotExampleDirectory, "--format", "markdown", "--assume", "spotDiscountPercent=70");
        var bad = await PlanRun.RunAsync("--stack", "dev", "--assume", "spotDiscountPercent=100");

        // 0.023 × 30 % = 0.0069; × 1,460 h = 10.074 → $10.07
        Assert.That(run.Output, Does.Contain("| EC2 Spot instances | fixed | 1,460 instance-hours | $0.0069 | $10.07 |"));
        Assert.That(run.Output, Does.Contain("spotDiscountPercent=70"));
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Error, Does.Contain("spotDiscountPercent").And.Contain("below 100"));
    }

    private static StackSettings Settings(string stack, params (string Old, string New)[] replacements)
    {
        using var project = new ScratchProject();
        var file = project.Stack(stack, stack, replacements);
        var (loaded, problems) = StackInput.Load(project.Directory, file, stack);
        Assert.That(problems, Is.Empty);
        return loaded!.Settings;
    }

    [Test]
    public async Task An_unknown_format_is_a_usage_error()
    {
        var run = await PlanRun.RunAsync("--stack", "dev", "--format", "xml");

        Assert.That(run.ExitCode, Is.Not.EqualTo(0));
        Assert.That(run.Error, Does.Contain("xml"));
    }

    [Test]
    public async Task A_region_without_prices_is_planned_with_a_warning_up_front()
    {
        using var project = new ScratchProject();
        project.Stack("dev", "dev", ("aws:region: us-east-1", "aws:region: eu-west-1"));

        var run = await PlanRun.RunAsync("--stack", "dev", "--project-dir", project.Directory, "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        var summary = run.Output[..run.Output.IndexOf("####", StringComparison.Ordinal)];
        Assert.That(summary, Does.Contain("Warning: the price table has no figures for eu-west-1: us-east-1 prices are used"));
    }

    [Test]
    public async Task No_stack_and_no_subcommand_is_a_usage_error()
    {
        var run = await PlanRun.RunAsync();

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.Contain("--stack is required"));
    }
}
