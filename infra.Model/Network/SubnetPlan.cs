using System.Buffers.Binary;
using System.Net;
using Infra.Model.Settings;

namespace Infra.Model.Network;

/// <summary>The public and private subnet of one AZ.</summary>
public sealed record AzSubnets(int Index, IPNetwork Public, IPNetwork Private);

/// <summary>
/// Explicit subnet CIDRs per AZ. The default layout is the reference's: in a /16 with /21 subnets, block 0 stays
/// free, blocks 1-2 are public and 3-4 private for the first two AZs; every further AZ takes the next two free
/// blocks (public, then private), so adding an AZ never moves an existing subnet.
/// </summary>
public sealed record SubnetPlan(IPNetwork Vpc, IReadOnlyList<AzSubnets> Zones)
{
    public const int MinPrefix = 16;
    public const int MaxPrefix = 28;

    /// <summary>
    /// The smallest subnet ELB documents for a load balancer's subnets: a /27, so it keeps 8 free addresses to scale on
    /// (ELB User Guide, "Subnets for your load balancer"). The public subnets hold the load balancer.
    /// </summary>
    public const int LoadBalancerMaxPrefix = 27;

    public IReadOnlyList<IPNetwork> Public => [.. Zones.Select(z => z.Public)];

    public IReadOnlyList<IPNetwork> Private => [.. Zones.Select(z => z.Private)];

    public static SubnetPlan For(NetworkSettings network)
    {
        var errors = Validate(network).ToList();
        if (errors.Count > 0)
        {
            throw new SettingsValidationException(errors);
        }

        var publics = network.PublicSubnetCidrs ?? [.. Enumerable.Range(0, network.AvailabilityZoneCount).Select(i => Block(network, PublicBlock(i)))];
        var privates = network.PrivateSubnetCidrs ?? [.. Enumerable.Range(0, network.AvailabilityZoneCount).Select(i => Block(network, PrivateBlock(i)))];
        return new SubnetPlan(
            network.VpcCidr,
            [.. Enumerable.Range(0, network.AvailabilityZoneCount).Select(i => new AzSubnets(i, publics[i], privates[i]))]);
    }

    /// <summary>Every problem with the network settings' subnets, each naming its key.</summary>
    public static IEnumerable<ConfigError> Validate(NetworkSettings network)
    {
        var vpc = network.VpcCidr;
        var count = network.AvailabilityZoneCount;
        var explicitPublic = network.PublicSubnetCidrs;
        var explicitPrivate = network.PrivateSubnetCidrs;

        if (vpc.PrefixLength is < MinPrefix or > MaxPrefix)
        {
            yield return new(ConfigKeys.Full(ConfigKeys.VpcCidr), vpc.ToString(), $"VPC prefix /{vpc.PrefixLength} is not one AWS allows", $"a prefix from /{MinPrefix} to /{MaxPrefix}");
            yield break;
        }

        if (explicitPublic is null || explicitPrivate is null)
        {
            var prefix = network.SubnetPrefixLength;
            if (prefix < vpc.PrefixLength + 1 || prefix > MaxPrefix)
            {
                yield return new(ConfigKeys.Full(ConfigKeys.SubnetPrefixLength), prefix.ToString(System.Globalization.CultureInfo.InvariantCulture), $"subnets of /{prefix} cannot be cut from {vpc}", $"a prefix from /{vpc.PrefixLength + 1} to /{MaxPrefix}");
                yield break;
            }

            var available = 1L << (prefix - vpc.PrefixLength);
            var needed = PrivateBlock(count - 1) + 1L;
            if (needed > available)
            {
                yield return new(ConfigKeys.Full(ConfigKeys.AvailabilityZoneCount), count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{count} AZs need {needed} blocks of /{prefix} but {vpc} holds {available}", $"at most {MaxZones(available)} AZs with /{prefix} subnets in {vpc}, or a larger VPC or smaller subnets");
            }
        }

        var all = new List<(string Key, IPNetwork Cidr, bool Explicit)>();
        var planned = PlanIsPossible(network);
        foreach (var (key, list, block) in new[] { (ConfigKeys.PublicSubnetCidrs, explicitPublic, (Func<int, int>)PublicBlock), (ConfigKeys.PrivateSubnetCidrs, explicitPrivate, PrivateBlock) })
        {
            var full = ConfigKeys.Full(key);
            if (list is null)
            {
                // Planned subnets never overlap each other, but an explicit list may overlap them.
                if (planned)
                {
                    all.AddRange(Enumerable.Range(0, count).Select(i => ($"{full}[{i}] (planned)", Block(network, block(i)), false)));
                }

                continue;
            }

            if (list.Count != count)
            {
                yield return new(full, string.Join(",", list), $"{list.Count} subnets for {count} AZs", $"exactly {count} CIDRs, one per AZ");
            }

            for (var i = 0; i < list.Count; i++)
            {
                var cidr = list[i];
                if (cidr.PrefixLength is < MinPrefix or > MaxPrefix)
                {
                    yield return new($"{full}[{i}]", cidr.ToString(), $"subnet prefix /{cidr.PrefixLength} is not one AWS allows", $"a prefix from /{MinPrefix} to /{MaxPrefix}");
                }
                else if (!Inside(vpc, cidr))
                {
                    yield return new($"{full}[{i}]", cidr.ToString(), $"not inside the VPC {vpc}", $"a CIDR within {vpc}");
                }

                all.Add(($"{full}[{i}]", cidr, true));
            }
        }

        if (explicitPublic is null && network.SubnetPrefixLength > LoadBalancerMaxPrefix && planned)
        {
            yield return new(ConfigKeys.Full(ConfigKeys.SubnetPrefixLength), network.SubnetPrefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture), $"the public subnets hold the load balancer, which needs at least a /{LoadBalancerMaxPrefix}", $"a prefix from /{vpc.PrefixLength + 1} to /{LoadBalancerMaxPrefix}, or publicSubnetCidrs of /{LoadBalancerMaxPrefix} or larger");
        }

        for (var i = 0; explicitPublic is not null && i < explicitPublic.Count; i++)
        {
            if (explicitPublic[i].PrefixLength is > LoadBalancerMaxPrefix and <= MaxPrefix)
            {
                yield return new($"{ConfigKeys.Full(ConfigKeys.PublicSubnetCidrs)}[{i}]", explicitPublic[i].ToString(), $"a /{explicitPublic[i].PrefixLength} for the load balancer, which needs at least a /{LoadBalancerMaxPrefix}", $"a public subnet of /{MinPrefix} to /{LoadBalancerMaxPrefix}");
            }
        }

        for (var i = 0; i < all.Count; i++)
        {
            for (var j = i + 1; j < all.Count; j++)
            {
                if ((all[i].Explicit || all[j].Explicit) && Overlaps(all[i].Cidr, all[j].Cidr))
                {
                    var (bad, other) = all[j].Explicit ? (all[j], all[i]) : (all[i], all[j]);
                    yield return new(bad.Key, bad.Cidr.ToString(), $"overlaps {other.Key} ({other.Cidr})", "subnets that share no address");
                }
            }
        }
    }

    private static bool PlanIsPossible(NetworkSettings network) =>
        network.SubnetPrefixLength > network.VpcCidr.PrefixLength
        && network.SubnetPrefixLength <= MaxPrefix
        && PrivateBlock(network.AvailabilityZoneCount - 1) + 1L <= 1L << (network.SubnetPrefixLength - network.VpcCidr.PrefixLength);

    public static bool Inside(IPNetwork outer, IPNetwork inner) =>
        inner.PrefixLength >= outer.PrefixLength && outer.Contains(inner.BaseAddress);

    public static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static int PublicBlock(int zone) => zone < 2 ? 1 + zone : (2 * zone) + 1;

    private static int PrivateBlock(int zone) => zone < 2 ? 3 + zone : (2 * zone) + 2;

    private static long MaxZones(long blocks)
    {
        var zones = 0;
        while (PrivateBlock(zones) + 1L <= blocks)
        {
            zones++;
        }

        return zones;
    }

    /// <summary>The index-th subnet of the configured size inside the VPC.</summary>
    private static IPNetwork Block(NetworkSettings network, int index)
    {
        Span<byte> bytes = stackalloc byte[4];
        network.VpcCidr.BaseAddress.TryWriteBytes(bytes, out _);
        var start = BinaryPrimitives.ReadUInt32BigEndian(bytes) + ((uint)index << (32 - network.SubnetPrefixLength));
        BinaryPrimitives.WriteUInt32BigEndian(bytes, start);
        return new IPNetwork(new IPAddress(bytes), network.SubnetPrefixLength);
    }
}
