using Infra.Model.Settings;

namespace Infra.Model.Cost;

public enum VolumeType
{
    Gp2,
    Gp3,
}

/// <summary>
/// The billable resources of one deployment, described independently of settings so the reference architecture's
/// own resources can be priced the same way. <see cref="From"/> describes what a stack's settings deploy.
/// </summary>
public sealed record CostInputs(
    string Region,
    string InstanceType,
    int Instances,
    int MaxInstances,
    int NatGateways,
    int LoadBalancerZones,
    int RootVolumeGiB,
    VolumeType RootVolumeType,
    int LogRetentionDays)
{
    /// <summary>Costs the settings cause that the estimate does not price, so nobody reads the total as complete.</summary>
    public IReadOnlyList<string> NotPriced { get; init; } = [];

    /// <summary>
    /// Instances at the desired capacity (what the Auto Scaling group starts with and keeps at rest); NAT gateways
    /// as configured; an ALB node, and so a public IPv4 address, in every AZ; the stack's gp3 root volumes.
    /// </summary>
    public static CostInputs From(StackSettings settings)
    {
        var network = settings.Network;
        var notPriced = new List<string>
        {
            "data transfer out to the internet and between AZs",
            $"Container Insights ({settings.Cluster.ContainerInsights}) metrics and logs",
        };
        if (settings.Cluster.DetailedMonitoring)
        {
            notPriced.Add("EC2 detailed monitoring metrics");
        }

        if (settings.LoadBalancer.AccessLogsEnabled)
        {
            notPriced.Add($"S3 storage of ALB access logs ({settings.LoadBalancer.AccessLogsExpirationDays} days)");
        }

        if (settings.LoadBalancer.WafWebAclArn is not null)
        {
            notPriced.Add("the WAF web ACL (billed where it is defined)");
        }

        if (settings.Logging.KmsKeyArn is not null)
        {
            notPriced.Add("KMS requests for log encryption");
        }

        return new CostInputs(
            settings.Region,
            settings.Cluster.InstanceType,
            settings.Cluster.DesiredCapacity,
            settings.Cluster.MaxSize,
            network.NatGateways == NatGatewayMode.OnePerAz ? network.AvailabilityZoneCount : 1,
            network.AvailabilityZoneCount,
            settings.Cluster.RootVolumeSizeGiB,
            VolumeType.Gp3,
            settings.Logging.RetentionDays)
        {
            NotPriced = notPriced,
        };
    }
}
