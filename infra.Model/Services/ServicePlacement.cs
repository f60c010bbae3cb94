namespace Infra.Model.Services;

/// <summary>One ECS placement strategy: its type and the field it applies to.</summary>
public sealed record PlacementStrategy(string Type, string Field);

/// <summary>
/// Where ECS puts every service's tasks, and the rules AWS ties to it. ECS Availability Zone rebalancing
/// ("Balancing an Amazon ECS service across Availability Zones", ECS Developer Guide) is available only to replica
/// services whose first placement strategy is a spread over <c>attribute:ecs.availability-zone</c> (or that have none),
/// with no placement constraint on the AZ attribute, and whose <c>maximumPercent</c> is above 100; CreateService
/// rejects it otherwise. The strategies here are fixed (not configuration), so the validation only has to keep
/// <c>maximumPercent</c> above 100.
/// </summary>
public static class ServicePlacement
{
    public const string Enabled = "ENABLED";

    public const string AvailabilityZoneAttribute = "attribute:ecs.availability-zone";

    /// <summary>Spread over AZs first (an AZ outage takes at most its share), then pack hosts by memory.</summary>
    public static readonly IReadOnlyList<PlacementStrategy> Strategies =
    [
        new("spread", AvailabilityZoneAttribute),
        new("binpack", "memory"),
    ];

    /// <summary>ECS moves tasks back into an AZ that lost them (after an AZ outage or a scale-in).</summary>
    public const string AvailabilityZoneRebalancing = Enabled;

    /// <summary>The lowest <c>maximumPercent</c> ECS accepts with rebalancing on.</summary>
    public const int RebalancingMinimumMaximumPercent = 101;

    /// <summary>
    /// Whether the strategies are ones rebalancing works with: the first spreads over AZs. Tested, so a change of
    /// strategy that CreateService would refuse with rebalancing on fails here first.
    /// </summary>
    public static bool RebalancingCompatible(IReadOnlyList<PlacementStrategy> strategies) =>
        strategies.Count == 0 || strategies[0] == new PlacementStrategy("spread", AvailabilityZoneAttribute);
}
