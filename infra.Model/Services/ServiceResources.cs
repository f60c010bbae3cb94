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

    /// <summary>The ECS service's trigger key whose value is the capacity provider's name: a new provider, a new deployment.</summary>
    public const string CapacityProviderTrigger = "capacityProvider";

    public static string LogGroup(string service) => $"{service}-logs";

    public static string TaskDefinition(string service) => $"{service}-task";

    public static string EcsService(string service) => $"{service}-ecs";

    public static string ScalingTarget(string service) => $"{service}-scaling";

    public static string ScalingPolicy(string service, TargetTrackingPolicy policy) => $"{service}-{policy.Suffix}";

    /// <summary>Task definition family: one per stack and service, so stacks in one account never share revisions.</summary>
    public static string Family(string stack, string service) => $"{stack}-{service}";

    public static IReadOnlyList<ServiceResource> For(ServiceSettings service)
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
        ];
    }
}
