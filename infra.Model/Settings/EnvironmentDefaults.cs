namespace Infra.Model.Settings;

/// <summary>
/// What differs between environments when a stack file does not say: prod pays for resilience
/// (NAT per AZ, three AZs, deletion protection, access logs, HTTPS, a year of logs), dev for nothing it can skip.
/// </summary>
public sealed record EnvironmentDefaults(
    int AvailabilityZoneCount,
    NatGatewayMode NatGateways,
    string InstanceType,
    int MinSize,
    int MaxSize,
    int DesiredCapacity,
    bool DetailedMonitoring,
    int InstanceRefreshMinHealthyPercent,
    int LogRetentionDays,
    bool HttpsEnabled,
    bool DeletionProtection,
    bool AccessLogsEnabled)
{
    public static readonly EnvironmentDefaults Dev = new(
        AvailabilityZoneCount: 2,
        NatGateways: NatGatewayMode.Single,
        InstanceType: "t3.small",
        MinSize: 2,
        MaxSize: 4,
        DesiredCapacity: 2,
        DetailedMonitoring: false,
        InstanceRefreshMinHealthyPercent: 50,
        LogRetentionDays: 14,
        HttpsEnabled: false,
        DeletionProtection: false,
        AccessLogsEnabled: false);

    public static readonly EnvironmentDefaults Prod = new(
        AvailabilityZoneCount: 3,
        NatGateways: NatGatewayMode.OnePerAz,
        InstanceType: "t3.large",
        MinSize: 3,
        MaxSize: 9,
        DesiredCapacity: 3,
        DetailedMonitoring: true,
        InstanceRefreshMinHealthyPercent: 100,
        LogRetentionDays: 365,
        HttpsEnabled: true,
        DeletionProtection: true,
        AccessLogsEnabled: true);

    public static EnvironmentDefaults For(EnvironmentKind environment) =>
        environment == EnvironmentKind.Prod ? Prod : Dev;
}
