using System.Globalization;
using Infra.Model.Settings;

namespace Infra.Model.Observability;

/// <summary>Which deployed resource a dimension value comes from; the component maps each to that resource's output.</summary>
public enum Identifier
{
    /// <summary>The ALB's ARN suffix (<c>app/name/id</c>).</summary>
    LoadBalancer,

    /// <summary>A service's target group ARN suffix (<c>targetgroup/name/id</c>).</summary>
    TargetGroup,

    /// <summary>A canary or blue/green service's alternate target group ARN suffix.</summary>
    AlternateTargetGroup,

    /// <summary>The ECS cluster's name.</summary>
    Cluster,

    /// <summary>A service's ECS service name.</summary>
    Service,

    /// <summary>The Auto Scaling group's name.</summary>
    AutoScalingGroup,

    /// <summary>The id of the VPC's NAT gateway at <see cref="DimensionRef.Index"/>.</summary>
    NatGateway,
}

/// <summary>One metric dimension: its CloudWatch name and where its value comes from.</summary>
public sealed record DimensionRef(string Name, Identifier Source, string? Service = null, int Index = 0);

/// <summary>One CloudWatch metric with the statistic read from it (<c>Sum</c>, <c>Average</c>, <c>p99</c>...).</summary>
public sealed record MetricSpec(string Namespace, string MetricName, string Stat, IReadOnlyList<DimensionRef> Dimensions)
{
    /// <summary>Percentiles go in <c>extendedStatistic</c>, the five basic statistics in <c>statistic</c>.</summary>
    public bool IsPercentile => Stat.StartsWith('p');
}

/// <summary>A metric a math expression reads, under the id the expression names it by.</summary>
public sealed record MathTerm(string Id, MetricSpec Metric);

public enum AlarmKind
{
    LoadBalancer5xx,
    Target5xxRate,
    UnhealthyHosts,
    ResponseTimeP99,
    RunningTasks,
    ServiceCpu,
    ServiceMemory,
    ClusterCpuReservation,
    ClusterMemoryReservation,
    HostsInService,
    NatPortAllocation,
    NatPacketsDropped,
}

/// <summary>
/// One alarm as data: either one <see cref="Metric"/> or a metric-math <see cref="Expression"/> over
/// <see cref="Terms"/>; explicit period, evaluation periods, datapoints to alarm, threshold and missing-data
/// treatment (with why); a description that says what to look at first. <see cref="RollsBack"/> alarms are the
/// ones a deployment of <see cref="Service"/> rolls back on.
/// </summary>
public sealed record AlarmSpec(
    string Key,
    string Name,
    AlarmKind Kind,
    string? Service,
    string Description,
    MetricSpec? Metric,
    string? Expression,
    IReadOnlyList<MathTerm> Terms,
    int PeriodSeconds,
    int EvaluationPeriods,
    int DatapointsToAlarm,
    double Threshold,
    string ComparisonOperator,
    string TreatMissingData,
    string MissingDataReason,
    bool RollsBack)
{
    /// <summary>CloudWatch bills an alarm per metric it evaluates: one, or every metric of its expression.</summary>
    public int MetricsEvaluated => Metric is null ? Terms.Count : 1;

    public IEnumerable<MetricSpec> Metrics => Metric is { } metric ? new[] { metric } : Terms.Select(t => t.Metric);

    /// <summary>For tables: <c>AWS/ApplicationELB HTTPCode_ELB_5XX_Count Sum</c>, or the expression over its metrics.</summary>
    public string MetricText => Metric is { } m
        ? $"{m.Namespace} {m.MetricName} {m.Stat}"
        : $"{Expression} where {string.Join(", ", Terms.Select(t => $"{t.Id} = {t.Metric.MetricName} {t.Metric.Stat}"))}";

    public string ConditionText =>
        $"{Comparison(ComparisonOperator)} {Threshold.ToString("0.###", CultureInfo.InvariantCulture)} in {DatapointsToAlarm.ToString(CultureInfo.InvariantCulture)} of {EvaluationPeriods.ToString(CultureInfo.InvariantCulture)} × {PeriodSeconds.ToString(CultureInfo.InvariantCulture)} s";

    private static string Comparison(string op) => op switch
    {
        AlarmPlan.Above => ">",
        AlarmPlan.Below => "<",
        _ => op,
    };
}

/// <summary>The values the dimensions take once the resources exist (the component reads them from their outputs).</summary>
public sealed record StackIdentifiers(
    string LoadBalancerArnSuffix,
    string ClusterName,
    string AutoScalingGroupName,
    IReadOnlyList<string> NatGatewayIds,
    IReadOnlyDictionary<string, ServiceIdentifiers> Services)
{
    public string Resolve(DimensionRef dimension) => dimension.Source switch
    {
        Identifier.LoadBalancer => LoadBalancerArnSuffix,
        Identifier.Cluster => ClusterName,
        Identifier.AutoScalingGroup => AutoScalingGroupName,
        Identifier.NatGateway => NatGatewayIds[dimension.Index],
        Identifier.TargetGroup => Services[dimension.Service!].TargetGroupArnSuffix,
        Identifier.AlternateTargetGroup => Services[dimension.Service!].AlternateTargetGroupArnSuffix
            ?? throw new InvalidOperationException($"service {dimension.Service} has no alternate target group"),
        Identifier.Service => Services[dimension.Service!].ServiceName,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension.Source, "an identifier without a value"),
    };

    public IReadOnlyDictionary<string, string> Dimensions(MetricSpec metric) =>
        metric.Dimensions.ToDictionary(d => d.Name, Resolve, StringComparer.Ordinal);
}

public sealed record ServiceIdentifiers(string ServiceName, string TargetGroupArnSuffix, string? AlternateTargetGroupArnSuffix);

/// <summary>
/// Every alarm of a stack, from its settings: the load balancer, each service's target group(s) and tasks, the
/// cluster and its hosts, each NAT gateway. Names are fixed here (<c>{project}-{stack}-...</c>) so a service can
/// name the alarms it rolls back on, and other stacks can find them.
/// </summary>
public static class AlarmPlan
{
    public const string Above = "GreaterThanThreshold";
    public const string Below = "LessThanThreshold";
    public const string NotBreaching = "notBreaching";
    public const string Missing = "missing";

    public const string ElbNamespace = "AWS/ApplicationELB";
    public const string EcsNamespace = "AWS/ECS";
    public const string InsightsNamespace = "ECS/ContainerInsights";
    public const string AutoScalingNamespace = "AWS/AutoScaling";
    public const string NatNamespace = "AWS/NATGateway";

    private const string NoTrafficNoData = "the metric is published only for minutes with requests: no data means no traffic, not an outage";

    public static IReadOnlyList<AlarmSpec> For(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var t = settings.Observability.Thresholds;
        var prefix = $"{settings.Project}-{settings.Stack}";
        var lb = new DimensionRef("LoadBalancer", Identifier.LoadBalancer);
        var cluster = new DimensionRef("ClusterName", Identifier.Cluster);
        var alarms = new List<AlarmSpec>
        {
            new(
                "alb-5xx",
                $"{prefix}-alb-5xx",
                AlarmKind.LoadBalancer5xx,
                null,
                $"The load balancer itself answered 5XX more than {t.LoadBalancer5xxPerMinute}/min. Look first at the target groups' healthy host counts (502/503 mean no healthy target), then at the access logs' error_reason.",
                new MetricSpec(ElbNamespace, "HTTPCode_ELB_5XX_Count", "Sum", [lb]),
                null,
                [],
                60,
                5,
                3,
                t.LoadBalancer5xxPerMinute,
                Above,
                NotBreaching,
                "ELB publishes the count only for minutes with such errors: no data is zero errors",
                false),
        };

        foreach (var service in settings.Services)
        {
            alarms.AddRange(TargetGroupAlarms(prefix, service, Identifier.TargetGroup, t, lb));
            if (service.Deployment.ShiftsTraffic)
            {
                alarms.AddRange(TargetGroupAlarms(prefix, service, Identifier.AlternateTargetGroup, t, lb));
            }

            alarms.AddRange(ServiceAlarms(prefix, service, t, cluster));
        }

        alarms.Add(Reservation(prefix, AlarmKind.ClusterCpuReservation, "CPUReservation", "CPU", t.ClusterCpuReservationPercent, cluster, settings.Cluster.MaxSize));
        alarms.Add(Reservation(prefix, AlarmKind.ClusterMemoryReservation, "MemoryReservation", "memory", t.ClusterMemoryReservationPercent, cluster, settings.Cluster.MaxSize));
        alarms.Add(new(
            "hosts-in-service",
            $"{prefix}-hosts-in-service",
            AlarmKind.HostsInService,
            null,
            $"Fewer than minSize ({settings.Cluster.MinSize}) hosts in service for 10 minutes. Look first at the Auto Scaling group's activity history (launch failures: capacity, AMI, subnet IPs), then at instance refreshes in progress.",
            new MetricSpec(AutoScalingNamespace, "GroupInServiceInstances", "Minimum", [new("AutoScalingGroupName", Identifier.AutoScalingGroup)]),
            null,
            [],
            60,
            10,
            10,
            settings.Cluster.MinSize,
            Below,
            Missing,
            "group metrics are published every minute while collection is on: a gap is a reporting gap, so the alarm keeps its state",
            false));

        for (var i = 0; i < NatGatewayCount(settings); i++)
        {
            var nat = new DimensionRef("NatGatewayId", Identifier.NatGateway, Index: i);
            var n = i.ToString(CultureInfo.InvariantCulture);
            alarms.Add(new(
                $"nat-{n}-port-allocation",
                $"{prefix}-nat-{n}-port-allocation",
                AlarmKind.NatPortAllocation,
                null,
                $"NAT gateway {n} could not allocate a source port: outbound connections from the hosts fail. Look first at connections to a single destination (over 55,000 at once), then at tasks opening connections without reuse.",
                new MetricSpec(NatNamespace, "ErrorPortAllocation", "Sum", [nat]),
                null,
                [],
                60,
                5,
                2,
                0,
                Above,
                NotBreaching,
                "a NAT gateway without traffic publishes nothing: no data is no errors",
                false));
            alarms.Add(new(
                $"nat-{n}-packets-dropped",
                $"{prefix}-nat-{n}-packets-dropped",
                AlarmKind.NatPacketsDropped,
                null,
                $"NAT gateway {n} dropped packets for 3 of 5 minutes. Look first at the AWS Health Dashboard for NAT issues in the AZ, then at PacketsDropCount against PacketsInFromSource (a tiny share is usually transient).",
                new MetricSpec(NatNamespace, "PacketsDropCount", "Sum", [nat]),
                null,
                [],
                60,
                5,
                3,
                0,
                Above,
                NotBreaching,
                "a NAT gateway without traffic publishes nothing: no data is no drops",
                false));
        }

        return alarms;
    }

    /// <summary>awsx creates one NAT gateway per AZ, or a single one.</summary>
    public static int NatGatewayCount(StackSettings settings) =>
        settings.Network.NatGateways == NatGatewayMode.OnePerAz ? settings.Network.AvailabilityZoneCount : 1;

    /// <summary>The names of the alarms a deployment of the service rolls back on: 5XX rate and unhealthy hosts of each of its target groups.</summary>
    public static IReadOnlyList<string> RollbackAlarmNames(StackSettings settings, ServiceSettings service) =>
        [.. For(settings).Where(a => a.RollsBack && a.Service == service.Name).Select(a => a.Name)];

    private static IEnumerable<AlarmSpec> TargetGroupAlarms(string prefix, ServiceSettings service, Identifier group, AlarmThresholds t, DimensionRef lb)
    {
        var alternate = group == Identifier.AlternateTargetGroup;
        var which = alternate ? "alt" : "tg";
        var key = $"{service.Name}-{which}";
        var name = $"{prefix}-{service.Name}-{which}";
        var tg = new DimensionRef("TargetGroup", group, service.Name);
        var side = alternate ? "alternate target group (the new revision while a canary or blue/green deployment runs)" : "target group";
        var dimensions = new[] { tg, lb };

        yield return new(
            $"{key}-5xx-rate",
            $"{name}-5xx-rate",
            AlarmKind.Target5xxRate,
            service.Name,
            $"{service.Name}: over {t.Target5xxPercent} % of requests to its {side} answered 5XX by the tasks. A deployment in progress rolls back. Look first at the service's log group ({service.Name} errors), then at the deployment history of the service.",
            null,
            "100 * FILL(errors, 0) / requests",
            [
                new("errors", new MetricSpec(ElbNamespace, "HTTPCode_Target_5XX_Count", "Sum", dimensions)),
                new("requests", new MetricSpec(ElbNamespace, "RequestCount", "Sum", dimensions)),
            ],
            60,
            5,
            3,
            t.Target5xxPercent,
            Above,
            NotBreaching,
            NoTrafficNoData,
            true);

        yield return new(
            $"{key}-unhealthy-hosts",
            $"{name}-unhealthy-hosts",
            AlarmKind.UnhealthyHosts,
            service.Name,
            $"{service.Name}: a target of its {side} failed the health check ({service.HealthCheck.Path}) for {t.UnhealthyHostMinutes} minutes in a row. A deployment in progress rolls back. Look first at the target group's health reasons (aws elbv2 describe-target-health), then at stopped tasks' reasons in the ECS console.",
            new MetricSpec(ElbNamespace, "UnHealthyHostCount", "Maximum", dimensions),
            null,
            [],
            60,
            t.UnhealthyHostMinutes,
            t.UnhealthyHostMinutes,
            0,
            Above,
            NotBreaching,
            "a target group without registered targets (the idle one of a canary pair) may publish nothing: that is no unhealthy host",
            true);

        yield return new(
            $"{key}-p99",
            $"{name}-p99",
            AlarmKind.ResponseTimeP99,
            service.Name,
            $"{service.Name}: 99th-percentile response time of its {side} above {t.ResponseTimeP99Ms} ms. Look first at the service's CPU and memory on the dashboard, then at slow downstream calls in its logs.",
            new MetricSpec(ElbNamespace, "TargetResponseTime", "p99", dimensions),
            null,
            [],
            60,
            5,
            3,
            t.ResponseTimeP99Ms / 1000.0,
            Above,
            NotBreaching,
            NoTrafficNoData,
            false);
    }

    private static IEnumerable<AlarmSpec> ServiceAlarms(string prefix, ServiceSettings service, AlarmThresholds t, DimensionRef cluster)
    {
        var ecsService = new DimensionRef("ServiceName", Identifier.Service, service.Name);
        var dimensions = new[] { cluster, ecsService };
        var name = $"{prefix}-{service.Name}";

        yield return new(
            $"{service.Name}-running-tasks",
            $"{name}-running-tasks",
            AlarmKind.RunningTasks,
            service.Name,
            $"{service.Name}: fewer tasks running than desired for 10 minutes. Look first at the service's events in the ECS console (placement failures: no host with enough CPU or memory), then at stopped tasks' reasons.",
            null,
            "desired - running",
            [
                new("desired", new MetricSpec(InsightsNamespace, "DesiredTaskCount", "Average", dimensions)),
                new("running", new MetricSpec(InsightsNamespace, "RunningTaskCount", "Average", dimensions)),
            ],
            60,
            10,
            10,
            0,
            Above,
            Missing,
            "Container Insights reports every minute for a live service: a gap is a reporting gap, so the alarm keeps its state rather than paging or clearing",
            false);

        yield return Utilisation($"{service.Name}-cpu", $"{name}-cpu", AlarmKind.ServiceCpu, service.Name, "CPUUtilization", "CPU", t.ServiceCpuPercent, dimensions,
            $"{service.Name}: average CPU above {t.ServiceCpuPercent} % of what its tasks reserve for 15 minutes. Look first at whether autoscaling is at maxCount, then at request volume on the dashboard.");
        yield return Utilisation($"{service.Name}-memory", $"{name}-memory", AlarmKind.ServiceMemory, service.Name, "MemoryUtilization", "memory", t.ServiceMemoryPercent, dimensions,
            $"{service.Name}: average memory above {t.ServiceMemoryPercent} % of its tasks' memory for 15 minutes; tasks are killed at their hard limit. Look first at stopped tasks with OutOfMemory, then at the task memory setting.");
    }

    private static AlarmSpec Utilisation(string key, string name, AlarmKind kind, string service, string metric, string what, int threshold, DimensionRef[] dimensions, string description) => new(
        key,
        name,
        kind,
        service,
        description,
        new MetricSpec(EcsNamespace, metric, "Average", dimensions),
        null,
        [],
        300,
        3,
        3,
        threshold,
        Above,
        Missing,
        $"ECS publishes service {what} every minute while tasks run: a gap is a reporting gap, so the alarm keeps its state",
        false);

    private static AlarmSpec Reservation(string prefix, AlarmKind kind, string metric, string what, int threshold, DimensionRef cluster, int maxSize) => new(
        $"cluster-{what.ToLowerInvariant()}-reservation",
        $"{prefix}-cluster-{what.ToLowerInvariant()}-reservation",
        kind,
        null,
        $"Tasks reserve over {threshold} % of the cluster's {what} for 15 minutes: new tasks may not be placed. Look first at the Auto Scaling group's size against maxSize ({maxSize}), then at services' desired counts and task sizes.",
        new MetricSpec(EcsNamespace, metric, "Average", [cluster]),
        null,
        [],
        300,
        3,
        3,
        threshold,
        Above,
        Missing,
        "ECS publishes cluster reservation every minute while hosts are registered: a gap is a reporting gap, so the alarm keeps its state",
        false);
}
