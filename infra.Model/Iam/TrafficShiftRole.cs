using Infra.Model.Naming;

namespace Infra.Model.Iam;

/// <summary>
/// The role ECS assumes to move a canary or blue/green service's traffic (the "Amazon ECS infrastructure IAM role
/// for load balancers"). Its permissions are those of the AWS managed policy
/// AmazonECSInfrastructureRolePolicyForLoadBalancers that an ALB production listener rule needs, no more: read the
/// load balancer (Describe* accept only "*"), register and deregister tasks in the service's two target groups,
/// change the weights of the service's production listener rule. No ModifyListener: the rule, not the listener,
/// carries the weights, and the listener is shared by every service.
/// </summary>
public static class TrafficShiftRole
{
    public const string Principal = "ecs.amazonaws.com";

    public static readonly IReadOnlyList<string> ReadActions =
    [
        "elasticloadbalancing:DescribeListeners",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetHealth",
    ];

    public static readonly IReadOnlyList<string> TargetActions =
    [
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
    ];

    public static readonly IReadOnlyList<string> RuleActions = ["elasticloadbalancing:ModifyRule"];

    public static RolePlan For(string stack, string service) => new(
        ResourceNames.TrafficShiftRole(stack, service),
        $"ECS shifts {service}'s traffic between its target groups during canary and blue/green deployments",
        Principal,
        [],
        null);

    /// <summary>The inline policy, scoped to the service's two target groups and its production listener rule.</summary>
    public static PolicyDocument Policy(IReadOnlyList<string> targetGroupArns, string listenerRuleArn)
    {
        ArgumentNullException.ThrowIfNull(targetGroupArns);
        ArgumentException.ThrowIfNullOrEmpty(listenerRuleArn);
        return PolicyDocument.Of(
            PolicyStatement.Allow("ReadLoadBalancer", ReadActions, ["*"]),
            PolicyStatement.Allow("MoveTasksBetweenTargetGroups", TargetActions, targetGroupArns),
            PolicyStatement.Allow("ShiftProductionTraffic", RuleActions, [listenerRuleArn]));
    }
}
