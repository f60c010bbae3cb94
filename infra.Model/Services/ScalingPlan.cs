using Infra.Model.Settings;

namespace Infra.Model.Services;

/// <summary>
/// Application Auto Scaling of one ECS service: the task count moves between <see cref="MinCapacity"/> and
/// <see cref="MaxCapacity"/>, driven by target-tracking policies (which replace the reference's CPU step scaling
/// and its alarms: AWS creates and tunes the alarms itself).
/// </summary>
public sealed record ScalingPlan(int MinCapacity, int MaxCapacity, IReadOnlyList<TargetTrackingPolicy> Policies)
{
    public const string ServiceNamespace = "ecs";
    public const string ScalableDimension = "ecs:service:DesiredCount";
    public const string PolicyType = "TargetTrackingScaling";
    public const string CpuMetric = "ECSServiceAverageCPUUtilization";
    public const string RequestsMetric = "ALBRequestCountPerTarget";

    public static ScalingPlan For(ServiceSettings service)
    {
        var scaling = service.Scaling;
        var policies = new List<TargetTrackingPolicy>
        {
            new("cpu", CpuMetric, scaling.CpuTargetPercent, scaling.ScaleInCooldownSeconds, scaling.ScaleOutCooldownSeconds),
        };
        if (scaling.RequestsPerTarget is { } requests)
        {
            policies.Add(new("requests", RequestsMetric, requests, scaling.ScaleInCooldownSeconds, scaling.ScaleOutCooldownSeconds));
        }

        return new ScalingPlan(service.MinCount, service.MaxCount, policies);
    }

    /// <summary>How Application Auto Scaling names an ECS service.</summary>
    public static string ResourceId(string clusterName, string serviceName) => $"service/{clusterName}/{serviceName}";
}

/// <summary>
/// Keep <see cref="MetricType"/> at <see cref="TargetValue"/>. <see cref="Suffix"/> names the policy resource
/// (<c>{service}-{suffix}</c>).
/// </summary>
public sealed record TargetTrackingPolicy(
    string Suffix,
    string MetricType,
    double TargetValue,
    int ScaleInCooldownSeconds,
    int ScaleOutCooldownSeconds)
{
    /// <summary>Requests per target are counted per target group, so that metric names the ALB and the target group.</summary>
    public bool NeedsResourceLabel => MetricType == ScalingPlan.RequestsMetric;

    /// <summary><c>app/&lt;alb&gt;/&lt;id&gt;/targetgroup/&lt;tg&gt;/&lt;id&gt;</c>, from the two resources' ARN suffixes.</summary>
    public static string ResourceLabel(string albArnSuffix, string targetGroupArnSuffix) => $"{albArnSuffix}/{targetGroupArnSuffix}";
}
