using System.Text.RegularExpressions;

namespace Infra.Model.Naming;

/// <summary>
/// Logical names of resources whose AWS names are derived from them. Pulumi auto-naming appends '-' and 7
/// random characters, so a logical name may use the AWS limit less <see cref="AutoNameSuffixLength"/>.
/// </summary>
public static partial class ResourceNames
{
    public const int AutoNameSuffixLength = 8;
    public const int LoadBalancerNameLimit = 32;
    public const int TargetGroupNameLimit = 32;
    public const int IamRoleNameLimit = 64;

    /// <summary>The ALB carries the stack's name, as the reference's carried the environment's.</summary>
    public static string LoadBalancer(string stack) => $"{stack}-alb";

    public static string TargetGroup(string service) => $"{service}-tg";

    /// <summary>The second target group canary and blue/green deployments shift traffic to.</summary>
    public static string AlternateTargetGroup(string service) => $"{service}-alt";

    /// <summary>The role ECS assumes to shift traffic between a service's two target groups (one per service).</summary>
    public static string TrafficShiftRole(string stack, string service) => $"{stack}-{service}-shift";

    public static string InstanceRole(string stack) => $"{stack}-instance";

    public static string ExecutionRole(string stack) => $"{stack}-execution";

    public static string TaskRole(string stack, string service) => $"{stack}-{service}-task";

    public static string FlowLogsRole(string stack) => $"{stack}-flow-logs";

    /// <summary>Log group of a service's containers: predictable, so operators and consumers find it.</summary>
    public static string ServiceLogGroup(string project, string stack, string service) => $"/ecs/{project}/{stack}/{service}";

    public static string InstanceLogGroup(string project, string stack, string logName) => $"/ec2/{project}/{stack}/{logName}";

    public static string FlowLogGroup(string project, string stack) => $"/vpc/{project}/{stack}/flow-logs";

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")]
    private static partial Regex ElbName();

    [GeneratedRegex("^[A-Za-z0-9+=,.@_-]+$")]
    private static partial Regex IamName();

    /// <summary>Why a logical name cannot become an ALB or target-group name, or null when it can.</summary>
    public static string? ElbNameProblem(string logicalName, int awsLimit)
    {
        var room = awsLimit - AutoNameSuffixLength;
        if (logicalName.Length > room)
        {
            return $"'{logicalName}' is {logicalName.Length} characters; with Pulumi's {AutoNameSuffixLength}-character suffix it passes AWS's {awsLimit}";
        }

        if (!ElbName().IsMatch(logicalName))
        {
            return $"'{logicalName}' has characters other than letters, digits and inner hyphens";
        }

        return logicalName.StartsWith("internal-", StringComparison.OrdinalIgnoreCase)
            ? $"'{logicalName}' starts with 'internal-', which AWS reserves"
            : null;
    }

    public static string? IamRoleNameProblem(string logicalName)
    {
        var room = IamRoleNameLimit - AutoNameSuffixLength;
        if (logicalName.Length > room)
        {
            return $"'{logicalName}' is {logicalName.Length} characters; with Pulumi's {AutoNameSuffixLength}-character suffix it passes IAM's {IamRoleNameLimit}";
        }

        return IamName().IsMatch(logicalName) ? null : $"'{logicalName}' has characters IAM does not allow";
    }
}
