using Infra.Model.Settings;

namespace Infra.Model.Policy;

/// <summary>
/// The one stack setting a violation follows from, where there is one: turning <c>deletionProtection</c> off is what
/// fails L6, so a report can point at that key's line in <c>Pulumi.&lt;stack&gt;.yaml</c>. Violations that no single
/// setting causes (a component's code, several keys together) have none.
/// </summary>
public static class ViolationSettings
{
    /// <summary>(check ID, property prefix or "" for any) → the full config key.</summary>
    private static readonly (string Id, string Property, string Key)[] Sources =
    [
        ("N4", string.Empty, ConfigKeys.Full(ConfigKeys.AllowedIngressCidrs)),
        ("C7", "availabilityZoneNames", ConfigKeys.Full(ConfigKeys.AvailabilityZones)),
        ("C7", string.Empty, ConfigKeys.Full(ConfigKeys.AvailabilityZoneCount)),
        ("C8", "healthCheckGracePeriod", ConfigKeys.Full(ConfigKeys.InstanceHealthCheckGracePeriodSeconds)),
        ("L1", string.Empty, ConfigKeys.Full(ConfigKeys.HttpsEnabled)),
        ("L2", "sslPolicy", ConfigKeys.Full(ConfigKeys.SslPolicy)),
        ("L2", "certificateArn", ConfigKeys.Full(ConfigKeys.CertificateArn)),
        ("L2", "listeners", ConfigKeys.Full(ConfigKeys.HttpsEnabled)),
        ("L4", string.Empty, ConfigKeys.Full(ConfigKeys.DesyncMitigationMode)),
        ("L5", string.Empty, ConfigKeys.Full(ConfigKeys.AccessLogsEnabled)),
        ("L6", string.Empty, ConfigKeys.Full(ConfigKeys.DeletionProtection)),
        ("L8", string.Empty, ConfigKeys.Full(ConfigKeys.WafWebAclArn)),
        ("E1", string.Empty, ConfigKeys.Full(ConfigKeys.ContainerInsights)),
        ("G1", string.Empty, ConfigKeys.Full(ConfigKeys.LogRetentionDays)),
        ("G2", "kmsKeyId", ConfigKeys.Full(ConfigKeys.LogKmsKeyArn)),
        ("G3", string.Empty, ConfigKeys.DefaultTags),
    ];

    /// <summary>The full config key (<c>ecs-refarch:deletionProtection</c>, <c>aws:defaultTags</c>), or null.</summary>
    public static string? KeyOf(string id, string property) =>
        Sources.FirstOrDefault(s => s.Id == id && property.StartsWith(s.Property, StringComparison.Ordinal)).Key;
}
