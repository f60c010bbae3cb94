using Infra.Model.Naming;
using Infra.Model.Settings;

namespace Infra.Model.LoadBalancing;

/// <summary>The ALB's health check of a service's tasks.</summary>
public sealed record HealthCheckSpec(
    string Protocol,
    string Port,
    string Path,
    string Matcher,
    int IntervalSeconds,
    int TimeoutSeconds,
    int HealthyThreshold,
    int UnhealthyThreshold);

/// <summary>
/// A service's target group. Tasks run in bridge mode with dynamic host ports, so targets are instances and ECS
/// registers each task with its own host port; <see cref="Port"/> (the container port) is only the group's default.
/// The health check goes to the port each target was registered with (<c>traffic-port</c>).
/// </summary>
public sealed record TargetGroupSpec(
    string LogicalName,
    string Protocol,
    int Port,
    string TargetType,
    HealthCheckSpec HealthCheck,
    int DeregistrationDelaySeconds,
    int? SlowStartSeconds)
{
    public const string TrafficPort = "traffic-port";

    public static TargetGroupSpec For(ServiceSettings service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var health = service.HealthCheck;
        return new TargetGroupSpec(
            ResourceNames.TargetGroup(service.Name),
            "HTTP",
            service.ContainerPort,
            "instance",
            new HealthCheckSpec(
                "HTTP",
                TrafficPort,
                health.Path,
                health.Matcher,
                health.IntervalSeconds,
                health.TimeoutSeconds,
                health.HealthyThreshold,
                health.UnhealthyThreshold),
            service.DeregistrationDelaySeconds,
            service.SlowStartSeconds);
    }
}
