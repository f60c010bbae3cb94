using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Model.Settings;

namespace Infra.Tools.Plan;

/// <summary>
/// Settings flattened to config key → value after defaults, so a diff shows what a deployment would see change
/// (switching <c>environment</c> changes every default that depends on it, though no other line of the file moved).
/// </summary>
public static class EffectiveSettings
{
    private static readonly JsonSerializerOptions ServiceJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Every stack-level key with its effective value; services are flattened by <see cref="Service"/>.</summary>
    public static SortedDictionary<string, string> Of(StackSettings s)
    {
        var n = s.Network;
        var lb = s.LoadBalancer;
        var c = s.Cluster;
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ConfigKeys.Region] = s.Region,
            [ConfigKeys.Environment] = s.Environment.ToString().ToLowerInvariant(),
            [ConfigKeys.VpcCidr] = n.VpcCidr.ToString(),
            [ConfigKeys.AvailabilityZoneCount] = Int(n.AvailabilityZoneCount),
            [ConfigKeys.AvailabilityZones] = List(n.AvailabilityZones),
            [ConfigKeys.SubnetPrefixLength] = Int(n.SubnetPrefixLength),
            [ConfigKeys.PublicSubnetCidrs] = List(n.PublicSubnetCidrs?.Select(x => x.ToString())),
            [ConfigKeys.PrivateSubnetCidrs] = List(n.PrivateSubnetCidrs?.Select(x => x.ToString())),
            [ConfigKeys.NatGateways] = n.NatGateways == NatGatewayMode.OnePerAz ? "onePerAz" : "single",
            [ConfigKeys.AllowedIngressCidrs] = List(n.AllowedIngressCidrs.Select(x => x.ToString())),
            [ConfigKeys.HttpsEnabled] = Bool(lb.HttpsEnabled),
            [ConfigKeys.CertificateArn] = lb.CertificateArn ?? string.Empty,
            [ConfigKeys.SslPolicy] = lb.SslPolicy,
            [ConfigKeys.IdleTimeoutSeconds] = Int(lb.IdleTimeoutSeconds),
            [ConfigKeys.DeletionProtection] = Bool(lb.DeletionProtection),
            [ConfigKeys.AccessLogsEnabled] = Bool(lb.AccessLogsEnabled),
            [ConfigKeys.AccessLogsExpirationDays] = Int(lb.AccessLogsExpirationDays),
            [ConfigKeys.WafWebAclArn] = lb.WafWebAclArn ?? string.Empty,
            [ConfigKeys.DesyncMitigationMode] = lb.DesyncMitigationMode,
            [ConfigKeys.InstanceType] = c.InstanceType,
            [ConfigKeys.MinSize] = Int(c.MinSize),
            [ConfigKeys.MaxSize] = Int(c.MaxSize),
            [ConfigKeys.DesiredCapacity] = Int(c.DesiredCapacity),
            [ConfigKeys.RootVolumeSizeGiB] = Int(c.RootVolumeSizeGiB),
            [ConfigKeys.DetailedMonitoring] = Bool(c.DetailedMonitoring),
            [ConfigKeys.InstanceRefreshMinHealthyPercent] = Int(c.InstanceRefreshMinHealthyPercent),
            [ConfigKeys.TargetCapacityPercent] = Int(c.TargetCapacityPercent),
            [ConfigKeys.InstanceHealthCheckGracePeriodSeconds] = Int(c.HealthCheckGracePeriodSeconds),
            [ConfigKeys.ContainerInsights] = c.ContainerInsights,
            [ConfigKeys.LogRetentionDays] = Int(s.Logging.RetentionDays),
            [ConfigKeys.LogKmsKeyArn] = s.Logging.KmsKeyArn ?? string.Empty,
            [ConfigKeys.InstanceTypes] = List(c.InstanceTypes),
            [ConfigKeys.OnDemandBaseCapacity] = Int(c.Purchase.OnDemandBaseCapacity),
            [ConfigKeys.OnDemandPercentageAboveBase] = Int(c.Purchase.OnDemandPercentageAboveBase),
            [ConfigKeys.SpotAllocationStrategy] = c.Purchase.SpotAllocationStrategy,
            [ConfigKeys.AmiId] = c.AmiId ?? string.Empty,
        };
        foreach (var (tag, value) in s.Tags)
        {
            values[$"{ConfigKeys.DefaultTags}.tags.{tag}"] = value;
        }

        return values;
    }

    /// <summary>One service's fields, as the stack file names them (nested ones dotted: <c>healthCheck.path</c>).</summary>
    public static SortedDictionary<string, string> Service(ServiceSettings service)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(JsonSerializer.SerializeToNode(service, ServiceJson), string.Empty, values);
        return values;
    }

    private static void Flatten(JsonNode? node, string path, SortedDictionary<string, string> values)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, child) in obj)
                {
                    Flatten(child, path.Length == 0 ? key : $"{path}.{key}", values);
                }

                break;
            case JsonObject:
                values[path] = string.Empty;
                break;
            case JsonArray array:
                values[path] = string.Join(" ", array.Select(x => x?.ToString()));
                break;
            case null:
                values[path] = string.Empty;
                break;
            default:
                values[path] = node.ToString();
                break;
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string List(IEnumerable<string>? values) => values is null ? string.Empty : string.Join(", ", values);
}
