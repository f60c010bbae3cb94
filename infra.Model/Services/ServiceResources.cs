using Infra.Model.Iam;
using Infra.Model.Policy;
using Infra.Model.Settings;

namespace Infra.Model.Services;

/// <summary>A resource one service adds to the stack: its type token and logical name (null where the load balancer names it).</summary>
public sealed record ServiceResource(string Type, string? Name);

/// <summary>
/// What one <c>Service</c> component deploys and how its children are named, so the component, the tests and
/// the scale benchmark agree on it.
/// </summary>
public static class ServiceResources
{
    public const string ComponentType = "ecs-refarch:service:Service";
    public const string LogGroupType = ResourceTypes.LogGroup;
    public const string TaskDefinitionType = ResourceTypes.TaskDefinition;
    public const string TargetGroupType = ResourceTypes.TargetGroup;
    public const string ListenerRuleType = "aws:lb/listenerRule:ListenerRule";
    public const string EcsServiceType = ResourceTypes.EcsService;
    public const string ScalingTargetType = "aws:appautoscaling/target:Target";
    public const string ScalingPolicyType = "aws:appautoscaling/policy:Policy";
    public const string RoleType = ResourceTypes.IamRole;
    public const string RolePolicyType = ResourceTypes.IamRolePolicy;

    /// <summary>The inline policy of the role ECS shifts the service's traffic with (canary and blue/green).</summary>
    public static string TrafficShiftPolicy(string service) => $"{service}-traffic-shift";

    /// <summary>The ECS service's trigger key whose value is the capacity provider's name: a new provider, a new deployment.</summary>
    public const string CapacityProviderTrigger = "capacityProvider";

    public static string LogGroup(string service) => $"{service}-logs";

    public static string TaskDefinition(string service) => $"{service}-task";

    public static string EcsService(string service) => $"{service}-ecs";

    public static string ScalingTarget(string service) => $"{service}-scaling";

    public static string ScalingPolicy(string service, TargetTrackingPolicy policy) => $"{service}-{policy.Suffix}";

    /// <summary>Task definition family: one per stack and service, so stacks in one account never share revisions.</summary>
    public static string Family(string stack, string service) => $"{stack}-{service}";

    /// <summary>A canary or blue/green service's alternate target group, traffic-shift role and its policy.</summary>
    private static IEnumerable<ServiceResource> TrafficShift(string? stack, ServiceSettings service) =>
        !service.Deployment.ShiftsTraffic ? [] :
        [
            new(TargetGroupType, null),
            new(RoleType, stack is null ? null : TrafficShiftRole.For(stack, service.Name).Name),
            new(RolePolicyType, TrafficShiftPolicy(service.Name)),
        ];

    /// <param name="service">The service.</param>
    /// <param name="stack">The stack's name, which the traffic-shift role's name carries; null leaves that name out.</param>
    public static IReadOnlyList<ServiceResource> For(ServiceSettings service, string? stack = null)
    {
        var name = service.Name;
        return
        [
            new(ComponentType, name),
            new(LogGroupType, LogGroup(name)),
            new(TaskDefinitionType, TaskDefinition(name)),
            new(TargetGroupType, null),
            new(ListenerRuleType, null),
            new(EcsServiceType, EcsService(name)),
            new(ScalingTargetType, ScalingTarget(name)),
            .. ScalingPlan.For(service).Policies.Select(p => new ServiceResource(ScalingPolicyType, ScalingPolicy(name, p))),
            .. TrafficShift(stack, service),
        ];
    }
}
