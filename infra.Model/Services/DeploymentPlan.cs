using System.Globalization;
using Infra.Model.Observability;
using Infra.Model.Settings;

namespace Infra.Model.Services;

/// <summary>
/// How one service deploys, as the ECS API takes it: the built-in strategy (<c>ROLLING</c>, <c>CANARY</c>,
/// <c>BLUE_GREEN</c>), bake times, the canary share, whether an alternate target group is needed, and the alarms a
/// deployment rolls back on. The circuit breaker stays on whatever the strategy: it catches tasks that never get
/// healthy, the alarms catch tasks that are healthy but wrong.
/// </summary>
public sealed record DeploymentPlan(
    DeploymentStrategy Strategy,
    string ApiStrategy,
    string? BakeTimeInMinutes,
    double? CanaryPercent,
    string? CanaryBakeTimeInMinutes,
    IReadOnlyList<string> RollbackAlarmNames)
{
    /// <summary>Canary and blue/green move traffic between the target group and an alternate one.</summary>
    public bool NeedsAlternateTargetGroup => Strategy != DeploymentStrategy.Rolling;

    /// <summary>Weights on the production listener rule before any deployment: all to the primary group.</summary>
    public const int PrimaryWeight = 100;

    public const int AlternateWeight = 0;

    public static DeploymentPlan For(StackSettings settings, ServiceSettings service)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(service);
        var d = service.Deployment;
        var alarms = AlarmPlan.RollbackAlarmNames(settings, service);
        return d.Strategy switch
        {
            DeploymentStrategy.Canary => new(d.Strategy, "CANARY", Minutes(d.BakeMinutes), d.CanaryPercent, Minutes(d.CanaryBakeMinutes), alarms),
            DeploymentStrategy.BlueGreen => new(d.Strategy, "BLUE_GREEN", Minutes(d.BakeMinutes), null, null, alarms),
            _ => new(d.Strategy, "ROLLING", null, null, null, alarms),
        };
    }

    /// <summary>Why a strategy cannot serve a service, or null. Traffic shifting is done on the load balancer.</summary>
    public static string? Problem(DeploymentSettings deployment, bool loadBalanced)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.ShiftsTraffic && !loadBalanced
            ? $"{DeploymentSettings.NameOf(deployment.Strategy)} shifts traffic between two target groups of a load balancer, and the service has none"
            : null;
    }

    /// <summary>One line for tables: <c>canary 10 % for 10 min, then all; both kept 10 min; rolls back on 4 alarms</c>.</summary>
    public string Describe() => Strategy switch
    {
        DeploymentStrategy.Canary => $"canary {Number(CanaryPercent!.Value)} % for {CanaryBakeTimeInMinutes} min, then all; old revision kept {BakeTimeInMinutes} min",
        DeploymentStrategy.BlueGreen => $"blue/green: all traffic at once to the new revision; old revision kept {BakeTimeInMinutes} min",
        _ => "rolling",
    } + $"; rolls back on {RollbackAlarmNames.Count} alarms and the circuit breaker";

    private static string Minutes(int minutes) => minutes.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
