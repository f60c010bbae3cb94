using System.Globalization;
using Infra.Model.Settings;

namespace Infra.Model.Network;

/// <summary>
/// The AZs the stack spreads over, chosen with what AWS says before anything is created: the region's zones and the
/// zones that offer the hosts' instance type. An Auto Scaling group in a subnet whose AZ lacks the type never
/// launches a host there, and CreateAutoScalingGroup does not fail: the AZ just stays empty, and the tasks meant for
/// it find no host.
/// </summary>
public static class ZoneChoice
{
    /// <summary>
    /// The explicit <c>availabilityZones</c> when set, each of which must offer the instance type; otherwise the
    /// region's first <c>availabilityZoneCount</c> zones that offer it.
    /// </summary>
    /// <param name="network">The validated network settings: the zone count and any explicit zones.</param>
    /// <param name="instanceType">The hosts' instance type.</param>
    /// <param name="regionZones">The region's available zones, in the order AWS lists them.</param>
    /// <param name="offeringZones">The zones that offer <paramref name="instanceType"/> (DescribeInstanceTypeOfferings).</param>
    public static (IReadOnlyList<string> Zones, IReadOnlyList<ConfigError> Errors) For(
        NetworkSettings network, string instanceType, IReadOnlyList<string> regionZones, IReadOnlyList<string> offeringZones)
    {
        var offered = regionZones.Where(offeringZones.Contains).ToList();
        var allowed = offered.Count == 0
            ? $"another instanceType: no AZ of the region offers {instanceType}"
            : $"AZs that offer {instanceType}: {string.Join(", ", offered)}; or another instanceType";

        if (network.AvailabilityZones is { } named)
        {
            var errors = named.Where(zone => !offeringZones.Contains(zone))
                .Select(zone => new ConfigError(ConfigKeys.Full(ConfigKeys.AvailabilityZones), zone, $"does not offer {instanceType}, so the hosts could never launch there", allowed))
                .ToList();
            return (named, errors);
        }

        if (offered.Count < network.AvailabilityZoneCount)
        {
            return (offered, [new ConfigError(
                ConfigKeys.Full(ConfigKeys.AvailabilityZoneCount),
                network.AvailabilityZoneCount.ToString(CultureInfo.InvariantCulture),
                $"only {offered.Count} AZ(s) of the region offer {instanceType}",
                offered.Count >= 2 ? $"from 2 to {offered.Count}, or another instanceType" : allowed)]);
        }

        return ([.. offered.Take(network.AvailabilityZoneCount)], []);
    }
}
