namespace Infra.Model.Outputs;

/// <summary>
/// The names of the stack outputs other stacks read with <c>StackReference</c>: a contract, so renaming one is a
/// breaking change that the outputs test catches.
/// </summary>
public static class StackOutputs
{
    public const string VpcId = "vpcId";
    public const string VpcCidr = "vpcCidr";
    public const string PublicSubnetIds = "publicSubnetIds";
    public const string PrivateSubnetIds = "privateSubnetIds";
    public const string AlbArn = "albArn";
    public const string AlbDnsName = "albDnsName";
    public const string AlbZoneId = "albZoneId";
    public const string AlbListenerArn = "albListenerArn";
    public const string AlbUrl = "albUrl";
    public const string AlbSecurityGroupId = "albSecurityGroupId";
    public const string HostSecurityGroupId = "hostSecurityGroupId";
    public const string ClusterName = "clusterName";
    public const string ClusterArn = "clusterArn";
    public const string CapacityProviderName = "capacityProviderName";
    public const string AutoScalingGroupName = "autoScalingGroupName";
    public const string ExecutionRoleArn = "executionRoleArn";
    public const string ServiceUrls = "serviceUrls";
    public const string ServiceLogGroups = "serviceLogGroups";
    public const string InstanceLogGroups = "instanceLogGroups";
    public const string FlowLogGroup = "flowLogGroup";
    public const string AlarmTopicArn = "alarmTopicArn";
    public const string DashboardUrl = "dashboardUrl";
    public const string ServiceConnectNamespaceArn = "serviceConnectNamespaceArn";
    public const string ServiceConnectNamespaceName = "serviceConnectNamespaceName";

    /// <summary>The reference's own output names, kept for its two services so existing consumers keep working.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReferenceServiceUrls = new Dictionary<string, string>
    {
        ["product-service"] = "ProductServiceUrl",
        ["website-service"] = "WebsiteServiceUrl",
    };

    public static readonly IReadOnlyList<string> Always =
    [
        VpcId, VpcCidr, PublicSubnetIds, PrivateSubnetIds, AlbArn, AlbDnsName, AlbZoneId, AlbListenerArn, AlbUrl,
        AlbSecurityGroupId, HostSecurityGroupId, ClusterName, ClusterArn, CapacityProviderName, AutoScalingGroupName,
        ExecutionRoleArn, ServiceUrls, ServiceLogGroups, InstanceLogGroups, FlowLogGroup,
        AlarmTopicArn, DashboardUrl,
        ServiceConnectNamespaceArn, ServiceConnectNamespaceName,
    ];

    /// <summary>Every output name a stack with these services exports.</summary>
    public static IReadOnlyList<string> For(IEnumerable<string> serviceNames) =>
        [.. Always, .. serviceNames.Where(ReferenceServiceUrls.ContainsKey).Select(n => ReferenceServiceUrls[n])];
}
