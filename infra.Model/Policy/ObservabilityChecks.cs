using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>What the checks read from planned CloudWatch alarms.</summary>
internal static class PlannedAlarms
{
    /// <summary>The metrics an alarm evaluates: its own metric, or those of its metric queries.</summary>
    public static IEnumerable<(string? MetricName, JsonObject? Dimensions)> Metrics(PlannedResource alarm)
    {
        if (PlanJson.Text(alarm.Inputs["metricName"]) is { } name)
        {
            yield return (name, PlanJson.Object(alarm.Inputs["dimensions"]));
        }

        foreach (var query in PlanJson.Array(alarm.Inputs["metricQueries"]))
        {
            if (PlanJson.Object(PlanJson.At(query, "metric")) is { } metric)
            {
                yield return (PlanJson.Text(metric["metricName"]), PlanJson.Object(metric["dimensions"]));
            }
        }
    }

    /// <summary>Whether the alarm reads <paramref name="metricName"/> of the target group with this ARN suffix.</summary>
    public static bool Watches(PlannedResource alarm, string metricName, string targetGroupSuffix) =>
        Metrics(alarm).Any(m => m.MetricName == metricName && PlanJson.Text(m.Dimensions?["TargetGroup"]) == targetGroupSuffix);

    /// <summary>The ARN suffix CloudWatch names a target group by (<c>targetgroup/name/id</c>), or null for anything else.</summary>
    public static string? TargetGroupSuffix(string? arn)
    {
        var at = arn?.IndexOf(":targetgroup/", StringComparison.Ordinal) ?? -1;
        return at < 0 ? null : arn![(at + 1)..];
    }

    /// <summary>The target groups an ECS service registers tasks in: each load balancer's, and its alternate one.</summary>
    public static IEnumerable<(string Property, string Suffix)> TargetGroups(PlannedResource service)
    {
        var balancers = PlanJson.Array(service.Inputs["loadBalancers"]);
        for (var i = 0; i < balancers.Count; i++)
        {
            if (TargetGroupSuffix(PlanJson.Text(PlanJson.At(balancers[i], "targetGroupArn"))) is { } primary)
            {
                yield return ($"loadBalancers[{i}].targetGroupArn", primary);
            }

            if (TargetGroupSuffix(PlanJson.Text(PlanJson.At(balancers[i], "advancedConfiguration.alternateTargetGroupArn"))) is { } alternate)
            {
                yield return ($"loadBalancers[{i}].advancedConfiguration.alternateTargetGroupArn", alternate);
            }
        }
    }
}

internal sealed class O1ServiceAlarms() : PolicyCheck(
    "O1",
    PolicyScope.EveryStack,
    "every service has a 5XX-rate and an unhealthy-host alarm",
    "Sees aws:ecs/service:Service loadBalancers[].targetGroupArn and .advancedConfiguration.alternateTargetGroupArn and the "
    + "aws:cloudwatch/metricAlarm:MetricAlarm metrics (metricName/dimensions, or metricQueries[].metric): each target group, "
    + "by its ARN suffix in the TargetGroup dimension, needs an alarm reading HTTPCode_Target_5XX_Count and one reading "
    + "UnHealthyHostCount. Cannot tie a service whose target group ARN is unknown at plan time.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var alarms = plan.OfType(ResourceTypes.MetricAlarm).ToList();
        foreach (var service in plan.OfType(ResourceTypes.EcsService))
        {
            foreach (var (property, suffix) in PlannedAlarms.TargetGroups(service))
            {
                if (!alarms.Any(a => PlannedAlarms.Watches(a, "HTTPCode_Target_5XX_Count", suffix)))
                {
                    yield return Flag(service, property, $"add a 5XX-rate alarm (HTTPCode_Target_5XX_Count / RequestCount) on {suffix}");
                }

                if (!alarms.Any(a => PlannedAlarms.Watches(a, "UnHealthyHostCount", suffix)))
                {
                    yield return Flag(service, property, $"add an UnHealthyHostCount alarm on {suffix}");
                }
            }
        }
    }
}

internal sealed class O2AlarmActions() : PolicyCheck(
    "O2",
    PolicyScope.EveryStack,
    "every alarm has an action",
    "Sees aws:cloudwatch/metricAlarm:MetricAlarm alarmActions (at least one ARN) and actionsEnabled (not false). Cannot see "
    + "whether anyone is subscribed to the topic an action names.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var alarm in plan.OfType(ResourceTypes.MetricAlarm))
        {
            if (PlanJson.Strings(alarm.Inputs["alarmActions"]).Count == 0)
            {
                yield return Flag(alarm, "alarmActions", "send the alarm to the stack's alarm topic");
            }
            else if (PlanJson.Bool(alarm.Inputs["actionsEnabled"]) == false)
            {
                yield return Flag(alarm, "actionsEnabled", "leave actions enabled: a silenced alarm pages nobody");
            }
        }
    }
}

internal sealed class O3AlarmTopicEncrypted() : PolicyCheck(
    "O3",
    PolicyScope.EveryStack,
    "the alarm topic is encrypted",
    "Sees aws:sns/topic:Topic kmsMasterKeyId: set, and not the AWS managed key alias/aws/sns, whose key policy cannot let "
    + "CloudWatch publish (notifications would be dropped). Cannot see the configured key's policy.")
{
    public const string AwsManagedKey = "alias/aws/sns";

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var topic in plan.OfType(ResourceTypes.SnsTopic))
        {
            var key = PlanJson.Text(topic.Inputs["kmsMasterKeyId"]);
            if (string.IsNullOrWhiteSpace(key))
            {
                yield return Flag(topic, "kmsMasterKeyId", "encrypt the topic with a KMS key whose policy lets cloudwatch.amazonaws.com use it");
            }
            else if (key.EndsWith(AwsManagedKey, StringComparison.Ordinal))
            {
                yield return Flag(topic, "kmsMasterKeyId", "use a customer managed key: CloudWatch cannot publish to a topic encrypted with alias/aws/sns");
            }
        }
    }
}

internal sealed class O4RollbackOnAlarms() : PolicyCheck(
    "O4",
    PolicyScope.ProdOnly,
    "prod services deploy with a strategy that rolls back on alarms",
    "Sees aws:ecs/service:Service deploymentConfiguration.strategy (CANARY, BLUE_GREEN or LINEAR: traffic moves in steps "
    + "that can be undone) and alarms.enable, .rollback and .alarmNames: every name an alarm of the plan (its name input), "
    + "at least one of them on a target group of the service. Cannot see alarms created outside the stack.")
{
    private static readonly string[] Shifting = ["CANARY", "BLUE_GREEN", "LINEAR"];

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var alarms = plan.OfType(ResourceTypes.MetricAlarm).ToList();
        var names = alarms.Select(a => PlanJson.Text(a.Inputs["name"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var service in plan.OfType(ResourceTypes.EcsService))
        {
            if (PlanJson.Text(PlanJson.At(service.Inputs, "deploymentConfiguration.strategy")) is not { } strategy || !Shifting.Contains(strategy))
            {
                yield return Flag(service, "deploymentConfiguration.strategy", "deploy with CANARY (or BLUE_GREEN) so a bad release meets a share of traffic and can be undone");
            }

            foreach (var field in new[] { "enable", "rollback" })
            {
                if (PlanJson.Bool(PlanJson.At(service.Inputs, $"alarms.{field}")) != true)
                {
                    yield return Flag(service, $"alarms.{field}", $"set alarms.{field} = true");
                }
            }

            var alarmNames = PlanJson.Strings(PlanJson.At(service.Inputs, "alarms.alarmNames"));
            var unknown = alarmNames.Where(n => !names.Contains(n)).ToList();
            var suffixes = PlannedAlarms.TargetGroups(service).Select(t => t.Suffix).ToList();
            var own = alarms.Where(a => alarmNames.Contains(PlanJson.Text(a.Inputs["name"]) ?? string.Empty)
                && PlannedAlarms.Metrics(a).Any(m => suffixes.Contains(PlanJson.Text(m.Dimensions?["TargetGroup"]) ?? string.Empty)));
            if (alarmNames.Count == 0 || unknown.Count > 0 || (suffixes.Count > 0 && !own.Any()))
            {
                yield return Flag(service, "alarms.alarmNames", unknown.Count > 0
                    ? $"name alarms the stack creates (not {string.Join(", ", unknown)})"
                    : "roll back on the service's own 5XX-rate and unhealthy-host alarms");
            }
        }
    }
}
