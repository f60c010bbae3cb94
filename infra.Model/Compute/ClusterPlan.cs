using Infra.Model.Naming;
using Infra.Model.Settings;

namespace Infra.Model.Compute;

/// <summary>
/// Everything the cluster's hosts are built from, decided from validated settings: what the Cluster component
/// turns into a launch template, an Auto Scaling group, a capacity provider and the instance log groups.
/// </summary>
public sealed record ClusterPlan(
    InstanceTypeInfo Instance,
    int MinSize,
    int MaxSize,
    int DesiredCapacity,
    RootVolumePlan RootVolume,
    bool DetailedMonitoring,
    string ContainerInsights,
    int HealthCheckGracePeriodSeconds,
    InstanceRefreshPlan InstanceRefresh,
    ManagedScalingPlan ManagedScaling,
    int ContainerStopTimeoutSeconds,
    string LaunchTemplateNamePrefix,
    IReadOnlyDictionary<string, string> HostTags,
    int LogRetentionDays,
    string? LogKmsKeyArn,
    IReadOnlyList<InstanceLog> InstanceLogs)
{
    /// <summary>
    /// EC2, not ELB: the hosts are not targets of the load balancer (ECS registers each task's dynamic port), so an
    /// ELB check would replace a healthy host because one of its tasks failed; ECS already restarts failed tasks.
    /// </summary>
    public const string HealthCheckType = "EC2";

    /// <summary>
    /// Seconds from launch until a host serves tasks: boot, the user data's two package installs and the ECS agent's
    /// registration take about two to three minutes on the ECS-optimized AMI; five leave room for a slow mirror.
    /// Used for the group's default warmup, the instance refresh and the capacity provider's managed scaling.
    /// </summary>
    public const int InstanceWarmupSeconds = 300;

    /// <summary>The ECS agent's stop timeout when no service asks for one (the agent's own default).</summary>
    public const int DefaultContainerStopTimeoutSeconds = 30;

    /// <summary>
    /// What the launch template tags at launch: the provider's default tags reach neither the instances, their root
    /// volumes nor their network interfaces, which the Auto Scaling group creates, not the program (G3).
    /// </summary>
    public static readonly IReadOnlyList<string> TaggedLaunchResourceTypes = ["instance", "volume", "network-interface"];

    /// <summary>
    /// The Auto Scaling group's own tags: the stack's tags (project, stack, owner and any other default tag), which
    /// the provider's default tags do not reach, since a group takes tags only as its own tag blocks. Not propagated
    /// at launch: the launch template tags what the group launches, with the hosts' Name besides.
    /// </summary>
    public IReadOnlyDictionary<string, string> GroupTags =>
        HostTags.Where(t => t.Key != HostNameTag).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    /// <summary>The tag the EC2 console shows as an instance's name.</summary>
    public const string HostNameTag = "Name";

    /// <summary>The public SSM parameter holding the ECS-optimized Amazon Linux 2023 AMI for the hosts' architecture.</summary>
    public string AmiParameter => Instance.AmiParameter;

    /// <summary>The names of the instance log groups, in the order of <see cref="InstanceLogs"/>.</summary>
    public IReadOnlyList<string> InstanceLogGroupNames => [.. InstanceLogs.Select(l => l.LogGroupName)];

    public static ClusterPlan For(StackSettings settings)
    {
        var cluster = settings.Cluster;
        var instance = InstanceTypes.Find(cluster.InstanceType)
            ?? throw new InvalidOperationException($"instance type '{cluster.InstanceType}' passed validation but is unknown");

        var hostTags = new Dictionary<string, string>(settings.Tags, StringComparer.Ordinal)
        {
            [HostNameTag] = $"{settings.Project}-{settings.Stack}-ecs-host",
        };

        return new ClusterPlan(
            instance,
            cluster.MinSize,
            cluster.MaxSize,
            cluster.DesiredCapacity,
            new RootVolumePlan("/dev/xvda", "gp3", cluster.RootVolumeSizeGiB, Encrypted: true, DeleteOnTermination: true),
            cluster.DetailedMonitoring,
            cluster.ContainerInsights,
            cluster.HealthCheckGracePeriodSeconds,
            InstanceRefreshPlan.For(cluster.InstanceRefreshMinHealthyPercent),
            ManagedScalingPlan.For(cluster),
            settings.Services.Count == 0 ? DefaultContainerStopTimeoutSeconds : settings.Services.Max(s => s.StopTimeoutSeconds),
            $"{settings.Project}-{settings.Stack}-ecs-host-",
            hostTags,
            settings.Logging.RetentionDays,
            settings.Logging.KmsKeyArn,
            InstanceLog.For(settings.Project, settings.Stack));
    }
}

/// <summary>The root volume: the ECS-optimized AL2023 AMI boots from <c>/dev/xvda</c>; always encrypted (C4).</summary>
public sealed record RootVolumePlan(string DeviceName, string VolumeType, int SizeGiB, bool Encrypted, bool DeleteOnTermination);

/// <summary>How the Auto Scaling group replaces hosts when the launch template changes.</summary>
public sealed record InstanceRefreshPlan(
    string Strategy,
    int MinHealthyPercent,
    int MaxHealthyPercent,
    int InstanceWarmupSeconds,
    string ScaleInProtectedInstances)
{
    public static InstanceRefreshPlan For(int minHealthyPercent) => new(
        "Rolling",
        minHealthyPercent,
        // Keeping 100 % healthy is only possible by launching replacements first; below 100 the group terminates
        // first and needs no capacity beyond its desired size (AWS allows 100..200, and at most 100 apart).
        minHealthyPercent == 100 ? 200 : 100,
        ClusterPlan.InstanceWarmupSeconds,
        // ECS managed termination protection marks every host running tasks as protected from scale-in; with the
        // default ("Ignore") a refresh would skip exactly those hosts. Managed draining moves their tasks first.
        "Refresh");
}

/// <summary>The capacity provider's managed scaling: ECS sizes the group to fit the tasks it has to place.</summary>
public sealed record ManagedScalingPlan(int TargetCapacityPercent, int MinimumStepSize, int MaximumStepSize, int InstanceWarmupSeconds)
{
    public static ManagedScalingPlan For(ClusterSettings cluster) => new(
        cluster.TargetCapacityPercent,
        1,
        // At most what the group can ever add, so one step can cover a burst of pending tasks; never below 1.
        Math.Max(1, cluster.MaxSize - cluster.MinSize),
        ClusterPlan.InstanceWarmupSeconds);
}

/// <summary>
/// One host log file shipped by the CloudWatch agent to a log group the stack owns.
/// </summary>
/// <remarks>
/// The reference shipped <c>/var/log/messages</c>, <c>/var/log/dmesg</c>, <c>/var/log/docker</c> and the ECS logs
/// from Amazon Linux 1. Amazon Linux 2023 logs to the systemd journal only: none of the first three files exists.
/// The user data installs rsyslog, which writes the journal (kernel, dockerd, systemd units, the SSM agent) to
/// <c>/var/log/messages</c> and authentication (sudo in Session Manager sessions) to <c>/var/log/secure</c>; so the
/// reference's dmesg and docker logs arrive inside <c>messages</c>. The ECS agent and ecs-init write their own files.
/// Container output is not here: it goes to each service's log group through the awslogs driver.
/// </remarks>
public sealed record InstanceLog(string Name, string FilePath, string LogGroupName)
{
    private static readonly (string Name, string FilePath)[] Files =
    [
        ("messages", "/var/log/messages"),
        ("secure", "/var/log/secure"),
        ("ecs-init", "/var/log/ecs/ecs-init.log"),
        ("ecs-agent", "/var/log/ecs/ecs-agent.log"),
        // Which task asked the agent for which role's credentials (written when tasks have IAM roles).
        ("ecs-audit", "/var/log/ecs/audit.log"),
    ];

    public static IReadOnlyList<InstanceLog> For(string project, string stack) =>
        [.. Files.Select(f => new InstanceLog(f.Name, f.FilePath, ResourceNames.InstanceLogGroup(project, stack, f.Name)))];
}
