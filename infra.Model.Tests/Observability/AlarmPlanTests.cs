using Infra.Model.Observability;

namespace Infra.Model.Tests.Observability;

/// <summary>
/// Each alarm's namespace, metric, dimensions, statistic, threshold and comparison, per environment, from the
/// committed stack files; and the rules every alarm follows (explicit periods, missing data chosen, a description).
/// </summary>
public class AlarmPlanTests
{
    private static readonly StackSettings Dev = StackFiles.Settings("dev");
    private static readonly StackSettings Prod = StackFiles.Settings("prod");

    private static AlarmSpec Alarm(StackSettings settings, string key) => AlarmPlan.For(settings).Single(a => a.Key == key);

    private static string[] DimensionNames(MetricSpec metric) => [.. metric.Dimensions.Select(d => d.Name)];

    [TestCase("dev", 50)]
    [TestCase("prod", 10)]
    public void The_load_balancer_alarm_counts_its_own_5xx_per_minute(string stack, int threshold)
    {
        var alarm = Alarm(StackFiles.Settings(stack), "alb-5xx");

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Metric, Is.Not.Null);
            Assert.That(alarm.Metric!.Namespace, Is.EqualTo("AWS/ApplicationELB"));
            Assert.That(alarm.Metric.MetricName, Is.EqualTo("HTTPCode_ELB_5XX_Count"));
            Assert.That(alarm.Metric.Stat, Is.EqualTo("Sum"));
            Assert.That(alarm.Metric.Dimensions, Is.EqualTo(new[] { new DimensionRef("LoadBalancer", Identifier.LoadBalancer) }));
            Assert.That(alarm.PeriodSeconds, Is.EqualTo(60));
            Assert.That(alarm.Threshold, Is.EqualTo(threshold));
            Assert.That(alarm.ComparisonOperator, Is.EqualTo("GreaterThanThreshold"));
            Assert.That(alarm.TreatMissingData, Is.EqualTo("notBreaching"));
            Assert.That(alarm.Name, Is.EqualTo($"ecs-refarch-{stack}-alb-5xx"));
        });
    }

    [TestCase("dev", 10)]
    [TestCase("prod", 5)]
    public void The_5xx_rate_is_metric_math_over_the_target_groups_errors_and_requests(string stack, int percent)
    {
        var alarm = Alarm(StackFiles.Settings(stack), "product-service-tg-5xx-rate");

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Metric, Is.Null, "a math alarm names no metric of its own");
            Assert.That(alarm.Expression, Is.EqualTo("100 * FILL(errors, 0) / requests"));
            Assert.That(alarm.Terms.Select(t => (t.Id, t.Metric.MetricName, t.Metric.Stat)), Is.EqualTo(new[]
            {
                ("errors", "HTTPCode_Target_5XX_Count", "Sum"),
                ("requests", "RequestCount", "Sum"),
            }));
            Assert.That(alarm.Terms.Select(t => t.Metric.Namespace), Has.All.EqualTo("AWS/ApplicationELB"));
            Assert.That(alarm.Terms.Select(t => t.Metric.Dimensions), Has.All.EqualTo(new[]
            {
                new DimensionRef("TargetGroup", Identifier.TargetGroup, "product-service"),
                new DimensionRef("LoadBalancer", Identifier.LoadBalancer),
            }));
            Assert.That(alarm.Threshold, Is.EqualTo(percent));
            Assert.That(alarm.ComparisonOperator, Is.EqualTo("GreaterThanThreshold"));
            Assert.That(alarm.MetricsEvaluated, Is.EqualTo(2), "billed per metric it evaluates");
            Assert.That(alarm.RollsBack, Is.True);
        });
    }

    [TestCase("dev", 5)]
    [TestCase("prod", 3)]
    public void Unhealthy_hosts_must_be_above_zero_for_every_one_of_several_minutes(string stack, int minutes)
    {
        var alarm = Alarm(StackFiles.Settings(stack), "website-service-tg-unhealthy-hosts");

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Metric!.MetricName, Is.EqualTo("UnHealthyHostCount"));
            Assert.That(alarm.Metric.Stat, Is.EqualTo("Maximum"));
            Assert.That(DimensionNames(alarm.Metric), Is.EqualTo(new[] { "TargetGroup", "LoadBalancer" }));
            Assert.That(alarm.Metric.Dimensions[0].Service, Is.EqualTo("website-service"));
            Assert.That(alarm.Threshold, Is.Zero);
            Assert.That(alarm.EvaluationPeriods, Is.EqualTo(minutes));
            Assert.That(alarm.DatapointsToAlarm, Is.EqualTo(minutes), "every minute of the window, not some");
            Assert.That(alarm.RollsBack, Is.True);
        });
    }

    [TestCase("dev", 3.0)]
    [TestCase("prod", 1.0)]
    public void Response_time_uses_the_p99_extended_statistic_in_seconds(string stack, double seconds)
    {
        var alarm = Alarm(StackFiles.Settings(stack), "product-service-tg-p99");

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Metric!.MetricName, Is.EqualTo("TargetResponseTime"));
            Assert.That(alarm.Metric.Stat, Is.EqualTo("p99"));
            Assert.That(alarm.Metric.IsPercentile, Is.True);
            Assert.That(alarm.Threshold, Is.EqualTo(seconds));
            Assert.That(alarm.RollsBack, Is.False, "slow is paged, not rolled back");
        });
    }

    [Test]
    public void Running_tasks_compare_container_insights_desired_and_running_counts_of_the_service()
    {
        var alarm = Alarm(Prod, "product-service-running-tasks");

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Expression, Is.EqualTo("desired - running"));
            Assert.That(alarm.Terms.Select(t => t.Metric.MetricName), Is.EqualTo(new[] { "DesiredTaskCount", "RunningTaskCount" }));
            Assert.That(alarm.Terms.Select(t => t.Metric.Namespace), Has.All.EqualTo("ECS/ContainerInsights"));
            Assert.That(alarm.Terms.Select(t => DimensionNames(t.Metric)), Has.All.EqualTo(new[] { "ClusterName", "ServiceName" }));
            Assert.That(alarm.Threshold, Is.Zero);
            Assert.That(alarm.ComparisonOperator, Is.EqualTo("GreaterThanThreshold"));
            Assert.That(alarm.EvaluationPeriods * alarm.PeriodSeconds, Is.EqualTo(600), "ten minutes: room for a host to launch when capacity scales out");
        });
    }

    [TestCase("dev", "product-service-cpu", "CPUUtilization", 90)]
    [TestCase("prod", "product-service-cpu", "CPUUtilization", 80)]
    [TestCase("dev", "website-service-memory", "MemoryUtilization", 90)]
    [TestCase("prod", "website-service-memory", "MemoryUtilization", 80)]
    public void Service_cpu_and_memory_are_ecs_averages_by_cluster_and_service(string stack, string key, string metric, int threshold)
    {
        var alarm = Alarm(StackFiles.Settings(stack), key);

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Metric!.Namespace, Is.EqualTo("AWS/ECS"));
            Assert.That(alarm.Metric.MetricName, Is.EqualTo(metric));
            Assert.That(alarm.Metric.Stat, Is.EqualTo("Average"));
            Assert.That(DimensionNames(alarm.Metric), Is.EqualTo(new[] { "ClusterName", "ServiceName" }));
            Assert.That(alarm.Threshold, Is.EqualTo(threshold));
        });
    }

    [TestCase("dev", "cluster-cpu-reservation", "CPUReservation", 90)]
    [TestCase("prod", "cluster-memory-reservation", "MemoryReservation", 85)]
    public void Cluster_reservation_is_watched_by_cluster_name(string stack, string key, string metric, int threshold)
    {
        var alarm = Alarm(StackFiles.Settings(stack), key);

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Metric!.Namespace, Is.EqualTo("AWS/ECS"));
            Assert.That(alarm.Metric.MetricName, Is.EqualTo(metric));
            Assert.That(DimensionNames(alarm.Metric), Is.EqualTo(new[] { "ClusterName" }));
            Assert.That(alarm.Threshold, Is.EqualTo(threshold));
        });
    }

    [TestCase("dev", 2)]
    [TestCase("prod", 3)]
    public void Hosts_in_service_below_the_groups_minimum(string stack, int minSize)
    {
        var alarm = Alarm(StackFiles.Settings(stack), "hosts-in-service");

        Assert.Multiple(() =>
        {
            Assert.That(alarm.Metric!.Namespace, Is.EqualTo("AWS/AutoScaling"));
            Assert.That(alarm.Metric.MetricName, Is.EqualTo("GroupInServiceInstances"));
            Assert.That(alarm.Metric.Stat, Is.EqualTo("Minimum"));
            Assert.That(alarm.Metric.Dimensions, Is.EqualTo(new[] { new DimensionRef("AutoScalingGroupName", Identifier.AutoScalingGroup) }));
            Assert.That(alarm.ComparisonOperator, Is.EqualTo("LessThanThreshold"));
            Assert.That(alarm.Threshold, Is.EqualTo(minSize));
        });
    }

    [TestCase("dev", 1)]
    [TestCase("prod", 3)]
    public void Every_nat_gateway_gets_port_allocation_and_packet_drop_alarms(string stack, int gateways)
    {
        var nat = AlarmPlan.For(StackFiles.Settings(stack)).Where(a => a.Metric?.Namespace == "AWS/NATGateway").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(nat.Select(a => a.Metric!.Dimensions.Single()), Is.EquivalentTo(
                Enumerable.Range(0, gateways).SelectMany(i => new[] { new DimensionRef("NatGatewayId", Identifier.NatGateway, Index: i), new DimensionRef("NatGatewayId", Identifier.NatGateway, Index: i) })));
            Assert.That(nat.Where(a => a.Kind == AlarmKind.NatPortAllocation).Select(a => a.Metric!.MetricName).ToList(), Has.Count.EqualTo(gateways).And.All.EqualTo("ErrorPortAllocation"));
            Assert.That(nat.Where(a => a.Kind == AlarmKind.NatPacketsDropped).Select(a => a.Metric!.MetricName).ToList(), Has.Count.EqualTo(gateways).And.All.EqualTo("PacketsDropCount"));
            Assert.That(nat.Select(a => (a.Threshold, a.ComparisonOperator)), Has.All.EqualTo((0.0, "GreaterThanThreshold")));
        });
    }

    [Test]
    public void A_canary_service_is_watched_on_both_target_groups_a_rolling_one_on_its_only_one()
    {
        var prodKeys = AlarmPlan.For(Prod).Where(a => a.Service == "product-service").Select(a => a.Key);
        var devKeys = AlarmPlan.For(Dev).Where(a => a.Service == "product-service").Select(a => a.Key);

        Assert.Multiple(() =>
        {
            Assert.That(prodKeys, Is.SupersetOf(new[] { "product-service-alt-5xx-rate", "product-service-alt-unhealthy-hosts", "product-service-alt-p99" }));
            Assert.That(Alarm(Prod, "product-service-alt-5xx-rate").Terms.Select(t => t.Metric.Dimensions[0].Source), Has.All.EqualTo(Identifier.AlternateTargetGroup));
            Assert.That(devKeys, Has.None.Contains("-alt-"));
        });
    }

    [Test]
    public void A_deployment_rolls_back_on_the_services_own_5xx_rate_and_unhealthy_host_alarms()
    {
        var service = Prod.Services.Single(s => s.Name == "website-service");

        Assert.That(AlarmPlan.RollbackAlarmNames(Prod, service), Is.EquivalentTo(new[]
        {
            "ecs-refarch-prod-website-service-tg-5xx-rate",
            "ecs-refarch-prod-website-service-tg-unhealthy-hosts",
            "ecs-refarch-prod-website-service-alt-5xx-rate",
            "ecs-refarch-prod-website-service-alt-unhealthy-hosts",
        }));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void Every_alarm_is_explicit_named_for_the_stack_and_says_what_to_look_at_first(string stack)
    {
        var alarms = AlarmPlan.For(StackFiles.Settings(stack));

        Assert.Multiple(() =>
        {
            Assert.That(alarms.Select(a => a.Name), Is.Unique.And.All.StartsWith($"ecs-refarch-{stack}-"));
            Assert.That(alarms.Select(a => a.Key), Is.Unique);
            Assert.That(alarms, Has.All.Matches<AlarmSpec>(a => a is not null && a.PeriodSeconds % 60 == 0 && a.EvaluationPeriods >= 1 && a.DatapointsToAlarm >= 1 && a.DatapointsToAlarm <= a.EvaluationPeriods));
            Assert.That(alarms.Select(a => a.TreatMissingData), Has.All.AnyOf("missing", "notBreaching", "breaching", "ignore"));
            Assert.That(alarms.Select(a => a.MissingDataReason), Has.All.Length.GreaterThan(20));
            Assert.That(alarms.Select(a => a.Description), Has.All.Contains("Look first at"));
            Assert.That(alarms.Select(a => (a.Metric is null) != (a.Expression is null)), Has.All.True, "a metric or an expression, never both");
            Assert.That(alarms.Select(a => a.Name.Length), Has.All.LessThanOrEqualTo(255));
        });
    }

    [Test]
    public void Configured_thresholds_replace_the_environments()
    {
        var settings = RawConfig.From("prod").With("alarmTarget5xxPercent", "2").With("alarmResponseTimeP99Ms", "250").With("alarmUnhealthyHostMinutes", "7").Load();

        Assert.Multiple(() =>
        {
            Assert.That(Alarm(settings, "product-service-tg-5xx-rate").Threshold, Is.EqualTo(2));
            Assert.That(Alarm(settings, "product-service-tg-p99").Threshold, Is.EqualTo(0.25));
            Assert.That(Alarm(settings, "product-service-tg-unhealthy-hosts").EvaluationPeriods, Is.EqualTo(7));
        });
    }

    [Test]
    public void Dimensions_resolve_to_the_identifiers_of_this_stacks_resources()
    {
        var ids = Identifiers(Prod);
        var alarm = Alarm(Prod, "product-service-alt-5xx-rate");

        Assert.That(ids.Dimensions(alarm.Terms[0].Metric), Is.EqualTo(new Dictionary<string, string>
        {
            ["TargetGroup"] = "targetgroup/product-service-alt-1/2",
            ["LoadBalancer"] = "app/prod-alb-x/1",
        }));
        Assert.That(ids.Dimensions(Alarm(Prod, "nat-2-port-allocation").Metric!), Is.EqualTo(new Dictionary<string, string> { ["NatGatewayId"] = "nat-2" }));
    }

    /// <summary>Identifiers shaped as AWS gives them, one set per service.</summary>
    public static StackIdentifiers Identifiers(StackSettings settings) => new(
        $"app/{settings.Stack}-alb-x/1",
        $"{settings.Stack}-cluster",
        $"{settings.Stack}-hosts",
        [.. Enumerable.Range(0, AlarmPlan.NatGatewayCount(settings)).Select(i => $"nat-{i}")],
        settings.Services.ToDictionary(
            s => s.Name,
            s => new ServiceIdentifiers($"{s.Name}-ecs-1", $"targetgroup/{s.Name}-tg-1/2", s.Deployment.ShiftsTraffic ? $"targetgroup/{s.Name}-alt-1/2" : null)));
}
