using System.Text.Json.Nodes;
using Infra.Model.Settings;

namespace Infra.Model.Observability;

/// <summary>One graph of the dashboard: a title, the statistic and period it shows, the metrics it plots.</summary>
public sealed record Widget(string Title, string Stat, int PeriodSeconds, IReadOnlyList<MetricSpec> Metrics);

/// <summary>
/// The stack's CloudWatch dashboard: load balancer requests, 5XX and latency; per service CPU, memory, and running
/// against desired tasks; cluster reservation; hosts in service. The body is built as JSON nodes and serialized
/// (the CloudWatch dashboard body structure: widgets of type metric, each metric an array of namespace, name and
/// dimension name/value pairs), never concatenated.
/// </summary>
public static class DashboardBody
{
    public const int Width = 12;
    public const int Height = 6;

    public static string Name(StackSettings settings) => $"{settings.Project}-{settings.Stack}";

    /// <summary>The console URL of the dashboard (standard AWS partition console).</summary>
    public static string Url(string region, string name) =>
        $"https://{region}.console.aws.amazon.com/cloudwatch/home?region={region}#dashboards/dashboard/{name}";

    public static IReadOnlyList<Widget> Widgets(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var lb = new DimensionRef("LoadBalancer", Identifier.LoadBalancer);
        var cluster = new DimensionRef("ClusterName", Identifier.Cluster);
        var widgets = new List<Widget>
        {
            new("Load balancer: requests and 5XX", "Sum", 60,
            [
                new(AlarmPlan.ElbNamespace, "RequestCount", "Sum", [lb]),
                new(AlarmPlan.ElbNamespace, "HTTPCode_ELB_5XX_Count", "Sum", [lb]),
                new(AlarmPlan.ElbNamespace, "HTTPCode_Target_5XX_Count", "Sum", [lb]),
            ]),
            new("Load balancer: response time p50 / p99 (s)", "p99", 60,
            [
                new(AlarmPlan.ElbNamespace, "TargetResponseTime", "p50", [lb]),
                new(AlarmPlan.ElbNamespace, "TargetResponseTime", "p99", [lb]),
            ]),
        };

        foreach (var service in settings.Services)
        {
            var dimensions = new[] { cluster, new DimensionRef("ServiceName", Identifier.Service, service.Name) };
            widgets.Add(new($"{service.Name}: CPU and memory (%)", "Average", 60,
            [
                new(AlarmPlan.EcsNamespace, "CPUUtilization", "Average", dimensions),
                new(AlarmPlan.EcsNamespace, "MemoryUtilization", "Average", dimensions),
            ]));
            widgets.Add(new($"{service.Name}: running and desired tasks", "Average", 60,
            [
                new(AlarmPlan.InsightsNamespace, "RunningTaskCount", "Average", dimensions),
                new(AlarmPlan.InsightsNamespace, "DesiredTaskCount", "Average", dimensions),
            ]));
        }

        widgets.Add(new("Cluster: CPU and memory reservation (%)", "Average", 60,
        [
            new(AlarmPlan.EcsNamespace, "CPUReservation", "Average", [cluster]),
            new(AlarmPlan.EcsNamespace, "MemoryReservation", "Average", [cluster]),
        ]));
        var asg = new DimensionRef("AutoScalingGroupName", Identifier.AutoScalingGroup);
        widgets.Add(new("Hosts: in service and desired", "Minimum", 60,
        [
            new(AlarmPlan.AutoScalingNamespace, "GroupInServiceInstances", "Minimum", [asg]),
            new(AlarmPlan.AutoScalingNamespace, "GroupDesiredCapacity", "Maximum", [asg]),
        ]));
        return widgets;
    }

    /// <summary>The dashboard body: two widgets a row, every metric's dimensions resolved to this stack's resources.</summary>
    public static string Build(StackSettings settings, StackIdentifiers ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var widgets = new JsonArray();
        var i = 0;
        foreach (var widget in Widgets(settings))
        {
            var metrics = new JsonArray();
            foreach (var metric in widget.Metrics)
            {
                var line = new JsonArray(JsonValue.Create(metric.Namespace), JsonValue.Create(metric.MetricName));
                foreach (var (name, value) in ids.Dimensions(metric))
                {
                    line.Add(JsonValue.Create(name));
                    line.Add(JsonValue.Create(value));
                }

                if (metric.Stat != widget.Stat)
                {
                    line.Add(new JsonObject { ["stat"] = metric.Stat });
                }

                metrics.Add(line);
            }

            widgets.Add(new JsonObject
            {
                ["type"] = "metric",
                ["x"] = i % 2 * Width,
                ["y"] = i / 2 * Height,
                ["width"] = Width,
                ["height"] = Height,
                ["properties"] = new JsonObject
                {
                    ["title"] = widget.Title,
                    ["region"] = settings.Region,
                    ["view"] = "timeSeries",
                    ["stacked"] = false,
                    ["stat"] = widget.Stat,
                    ["period"] = widget.PeriodSeconds,
                    ["metrics"] = metrics,
                },
            });
            i++;
        }

        return new JsonObject { ["widgets"] = widgets }.ToJsonString();
    }
}
