using System.Text.Json.Nodes;
using Infra.Model.Observability;

namespace Infra.Model.Tests.Observability;

public class DashboardBodyTests
{
    [TestCase("dev")]
    [TestCase("prod")]
    public void The_body_parses_and_every_metric_names_only_this_stacks_resources(string stack)
    {
        var settings = StackFiles.Settings(stack);
        var ids = AlarmPlanTests.Identifiers(settings);
        string[] ours =
        [
            ids.LoadBalancerArnSuffix, ids.ClusterName, ids.AutoScalingGroupName,
            .. ids.Services.Values.Select(s => s.ServiceName),
        ];

        var body = JsonNode.Parse(DashboardBody.Build(settings, ids))!;
        var widgets = body["widgets"]!.AsArray();
        var lines = widgets.SelectMany(w => w!["properties"]!["metrics"]!.AsArray()).Select(l => l!.AsArray()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(widgets, Is.Not.Empty);
            Assert.That(widgets.Select(w => (string?)w!["type"]), Has.All.EqualTo("metric"));
            Assert.That(widgets.Select(w => (string?)w!["properties"]!["region"]), Has.All.EqualTo("us-east-1"));
            Assert.That(lines, Is.Not.Empty);
            foreach (var line in lines)
            {
                // [namespace, metric, name1, value1, name2, value2, ..., {options}?]
                var values = line.Where(n => n is JsonValue).Select(n => (string)n!).ToList();
                var pairs = values.Skip(2).Chunk(2).ToList();
                Assert.That(pairs, Is.Not.Empty, $"{values[1]} has no dimension");
                Assert.That(pairs.Select(p => p[1]), Has.All.Matches<string>(v => ours.Contains(v)), $"{values[1]}: a dimension that is not this stack's");
            }
        });
    }

    [Test]
    public void The_dashboard_shows_the_alb_every_service_the_cluster_and_the_hosts()
    {
        var settings = StackFiles.Settings("prod");
        var body = JsonNode.Parse(DashboardBody.Build(settings, AlarmPlanTests.Identifiers(settings)))!;
        var metrics = body["widgets"]!.AsArray()
            .SelectMany(w => w!["properties"]!["metrics"]!.AsArray())
            .Select(l => $"{(string)l![0]!} {(string)l[1]!}")
            .ToHashSet();
        var titles = body["widgets"]!.AsArray().Select(w => (string)w!["properties"]!["title"]!).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(metrics, Is.SupersetOf(new[]
            {
                "AWS/ApplicationELB RequestCount", "AWS/ApplicationELB HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB HTTPCode_Target_5XX_Count",
                "AWS/ApplicationELB TargetResponseTime", "AWS/ECS CPUUtilization", "AWS/ECS MemoryUtilization",
                "ECS/ContainerInsights RunningTaskCount", "ECS/ContainerInsights DesiredTaskCount",
                "AWS/ECS CPUReservation", "AWS/ECS MemoryReservation", "AWS/AutoScaling GroupInServiceInstances",
            }));
            Assert.That(titles, Has.Some.StartsWith("product-service:").And.Some.StartsWith("website-service:"));
        });
    }

    [Test]
    public void Widgets_are_laid_out_two_a_row_without_overlap()
    {
        var settings = StackFiles.Settings("dev");
        var widgets = JsonNode.Parse(DashboardBody.Build(settings, AlarmPlanTests.Identifiers(settings)))!["widgets"]!.AsArray();

        var cells = widgets.Select(w => ((int)w!["x"]!, (int)w["y"]!)).ToList();

        Assert.That(cells, Is.Unique);
        Assert.That(cells.Select(c => c.Item1), Has.All.AnyOf(0, DashboardBody.Width));
    }

    [Test]
    public void The_url_opens_the_named_dashboard_in_the_stacks_region() =>
        Assert.That(DashboardBody.Url("eu-west-1", "ecs-refarch-prod"), Is.EqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/ecs-refarch-prod"));
}
