using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Model.Services;

namespace Infra.Model.Settings;

/// <summary>
/// The alarm thresholds, one per alarm kind. Per-environment defaults are data (<see cref="Dev"/>,
/// <see cref="Prod"/>): prod pages earlier, dev only when something is plainly broken.
/// </summary>
/// <param name="LoadBalancer5xxPerMinute">ELB-generated 5XX responses per minute (the load balancer's own errors).</param>
/// <param name="Target5xxPercent">Share of a target group's requests answered 5XX by the tasks, in percent.</param>
/// <param name="ResponseTimeP99Ms">99th-percentile target response time, in milliseconds.</param>
/// <param name="UnhealthyHostMinutes">Consecutive minutes with an unhealthy target before the alarm fires.</param>
/// <param name="ServiceCpuPercent">Average CPU of a service's tasks, percent of what they reserve.</param>
/// <param name="ServiceMemoryPercent">Average memory of a service's tasks, percent of what they reserve.</param>
/// <param name="ClusterCpuReservationPercent">CPU the cluster's tasks reserve, percent of the hosts' CPU.</param>
/// <param name="ClusterMemoryReservationPercent">Memory the cluster's tasks reserve, percent of the hosts' memory.</param>
public sealed record AlarmThresholds(
    int LoadBalancer5xxPerMinute,
    int Target5xxPercent,
    int ResponseTimeP99Ms,
    int UnhealthyHostMinutes,
    int ServiceCpuPercent,
    int ServiceMemoryPercent,
    int ClusterCpuReservationPercent,
    int ClusterMemoryReservationPercent)
{
    public static readonly AlarmThresholds Dev = new(
        LoadBalancer5xxPerMinute: 50,
        Target5xxPercent: 10,
        ResponseTimeP99Ms: 3000,
        UnhealthyHostMinutes: 5,
        ServiceCpuPercent: 90,
        ServiceMemoryPercent: 90,
        ClusterCpuReservationPercent: 90,
        ClusterMemoryReservationPercent: 90);

    public static readonly AlarmThresholds Prod = new(
        LoadBalancer5xxPerMinute: 10,
        Target5xxPercent: 5,
        ResponseTimeP99Ms: 1000,
        UnhealthyHostMinutes: 3,
        ServiceCpuPercent: 80,
        ServiceMemoryPercent: 80,
        ClusterCpuReservationPercent: 85,
        ClusterMemoryReservationPercent: 85);

    public static AlarmThresholds For(EnvironmentKind environment) => environment == EnvironmentKind.Prod ? Prod : Dev;
}

/// <summary>Where alarms go: one SNS topic per stack, optional email subscriptions, the key the topic is encrypted with.</summary>
/// <param name="Thresholds">The alarm thresholds.</param>
/// <param name="AlarmEmails">Addresses subscribed to the topic (each must confirm the subscription AWS mails it).</param>
/// <param name="TopicKmsKeyArn">
/// A customer managed key to encrypt the topic with; null: the stack creates one. CloudWatch can publish to an
/// encrypted topic only when the key policy lets it use the key, which the AWS managed key (alias/aws/sns) never does.
/// </param>
public sealed record ObservabilitySettings(AlarmThresholds Thresholds, IReadOnlyList<string> AlarmEmails, string? TopicKmsKeyArn)
{
    public static ObservabilitySettings For(EnvironmentKind environment) => new(AlarmThresholds.For(environment), [], null);
}

/// <summary>How ECS replaces a service's tasks (ECS deployment controller, built-in strategies).</summary>
public enum DeploymentStrategy
{
    /// <summary>Tasks replaced a few at a time behind the same target group.</summary>
    Rolling,

    /// <summary>A share of production traffic goes to the new revision for a bake period, then all of it.</summary>
    Canary,

    /// <summary>The new revision starts in full behind the alternate target group, then takes all traffic at once.</summary>
    BlueGreen,
}

/// <summary>
/// A service's deployment. <see cref="CanaryPercent"/> and <see cref="CanaryBakeMinutes"/> apply to canary only,
/// <see cref="BakeMinutes"/> (both revisions kept after the shift, so a rollback is instant) to canary and blue/green.
/// </summary>
public sealed record DeploymentSettings(DeploymentStrategy Strategy, int CanaryPercent, int CanaryBakeMinutes, int BakeMinutes)
{
    public const int DefaultCanaryPercent = 10;
    public const int DefaultCanaryBakeMinutes = 10;
    public const int DefaultBakeMinutes = 10;

    /// <summary>The ECS API's range for bake times (0 to 1440 minutes, 24 hours).</summary>
    public const int MaxMinutes = 1440;

    public static readonly DeploymentSettings Rolling = new(DeploymentStrategy.Rolling, DefaultCanaryPercent, DefaultCanaryBakeMinutes, DefaultBakeMinutes);

    public static readonly DeploymentSettings Canary = Rolling with { Strategy = DeploymentStrategy.Canary };

    /// <summary>Dev replaces tasks in place; prod sends a canary share first and rolls back on the service's alarms.</summary>
    public static DeploymentSettings For(EnvironmentKind environment) => environment == EnvironmentKind.Prod ? Canary : Rolling;

    /// <summary>Canary and blue/green shift traffic between two target groups: they need an alternate one.</summary>
    public bool ShiftsTraffic => Strategy != DeploymentStrategy.Rolling;

    /// <summary>The words the configuration uses.</summary>
    public static readonly IReadOnlyDictionary<string, DeploymentStrategy> Names = new Dictionary<string, DeploymentStrategy>(StringComparer.Ordinal)
    {
        ["rolling"] = DeploymentStrategy.Rolling,
        ["canary"] = DeploymentStrategy.Canary,
        ["blueGreen"] = DeploymentStrategy.BlueGreen,
    };

    public static string NameOf(DeploymentStrategy strategy) => Names.Single(n => n.Value == strategy).Key;
}

/// <summary>Reads the stack-level alarm keys: thresholds (per-environment defaults), emails, the topic's key.</summary>
internal static partial class ObservabilitySettingsReader
{
    [GeneratedRegex("^[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex("^arn:aws[a-z-]*:kms:(?<region>[a-z0-9-]+):\\d{12}:key/[A-Za-z0-9-]+$")]
    private static partial Regex KmsKeyArnShape();

    public static ObservabilitySettings Read(ConfigReader r, EnvironmentKind environment, string? region)
    {
        var k = ConfigKeys.Full;
        var d = AlarmThresholds.For(environment);
        var thresholds = new AlarmThresholds(
            r.Int(k(ConfigKeys.AlarmLoadBalancer5xxPerMinute), d.LoadBalancer5xxPerMinute, 1, 100_000),
            r.Int(k(ConfigKeys.AlarmTarget5xxPercent), d.Target5xxPercent, 1, 100),
            r.Int(k(ConfigKeys.AlarmResponseTimeP99Ms), d.ResponseTimeP99Ms, 10, 120_000),
            r.Int(k(ConfigKeys.AlarmUnhealthyHostMinutes), d.UnhealthyHostMinutes, 1, 60),
            r.Int(k(ConfigKeys.AlarmServiceCpuPercent), d.ServiceCpuPercent, 1, 100),
            r.Int(k(ConfigKeys.AlarmServiceMemoryPercent), d.ServiceMemoryPercent, 1, 100),
            r.Int(k(ConfigKeys.AlarmClusterCpuReservationPercent), d.ClusterCpuReservationPercent, 1, 100),
            r.Int(k(ConfigKeys.AlarmClusterMemoryReservationPercent), d.ClusterMemoryReservationPercent, 1, 100));

        var emailsKey = k(ConfigKeys.AlarmEmails);
        var emails = r.StringArray(emailsKey) ?? [];
        for (var i = 0; i < emails.Count; i++)
        {
            if (!EmailShape().IsMatch(emails[i]))
            {
                r.Fail($"{emailsKey}[{i.ToString(CultureInfo.InvariantCulture)}]", emails[i], "not an email address", "an address such as oncall@example.com");
            }
        }

        foreach (var duplicate in emails.GroupBy(e => e, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            r.Fail(emailsKey, duplicate, "listed more than once: SNS keeps one subscription per address", "each address once");
        }

        var keyArn = r.String(k(ConfigKeys.AlarmTopicKmsKeyArn));
        if (keyArn is not null)
        {
            var match = KmsKeyArnShape().Match(keyArn);
            if (!match.Success)
            {
                r.Fail(k(ConfigKeys.AlarmTopicKmsKeyArn), keyArn, "not a KMS key ARN (aliases and alias/aws/sns cannot grant CloudWatch the key)", "arn:aws:kms:<region>:<account>:key/<id> of a customer managed key, or empty for a key the stack creates");
            }
            else if (region is not null && match.Groups["region"].Value != region)
            {
                r.Fail(k(ConfigKeys.AlarmTopicKmsKeyArn), keyArn, $"a key of {match.Groups["region"].Value}; the topic is in {region}", $"a KMS key ARN in {region}");
            }
        }

        return new ObservabilitySettings(thresholds, emails, keyArn);
    }
}

/// <summary>Reads a service's <c>deployment</c> map: strategy, canary share and minutes, bake minutes.</summary>
internal static class DeploymentSettingsReader
{
    public static DeploymentSettings Read(JsonObjectReader service, ConfigReader reader, EnvironmentKind environment, bool loadBalanced)
    {
        var fallback = DeploymentSettings.For(environment);
        if (service.Object("deployment") is not { } o)
        {
            return fallback;
        }

        var strategy = fallback.Strategy;
        if (o.String("strategy", allowed: string.Join(", ", DeploymentSettings.Names.Keys)) is { } name)
        {
            if (DeploymentSettings.Names.TryGetValue(name, out var parsed))
            {
                strategy = parsed;
            }
            else
            {
                reader.Fail(o.KeyOf("strategy"), name, "not a deployment strategy", string.Join(", ", DeploymentSettings.Names.Keys));
            }
        }

        var settings = new DeploymentSettings(
            strategy,
            o.IntOr("canaryPercent", DeploymentSettings.DefaultCanaryPercent, 1, 99),
            o.IntOr("canaryBakeMinutes", DeploymentSettings.DefaultCanaryBakeMinutes, 0, DeploymentSettings.MaxMinutes),
            o.IntOr("bakeMinutes", DeploymentSettings.DefaultBakeMinutes, 0, DeploymentSettings.MaxMinutes));

        // A field the strategy ignores is a mistake in the file: say so instead of silently dropping it.
        var ignored = strategy switch
        {
            DeploymentStrategy.Rolling => new[] { "canaryPercent", "canaryBakeMinutes", "bakeMinutes" },
            DeploymentStrategy.BlueGreen => ["canaryPercent", "canaryBakeMinutes"],
            _ => [],
        };
        foreach (var field in ignored.Where(o.Has))
        {
            reader.Fail(o.KeyOf(field), o.Scalar(field), $"has no effect with strategy {DeploymentSettings.NameOf(strategy)}", field == "bakeMinutes" ? "canary or blueGreen to use it, or leave it out" : "strategy canary to use it, or leave it out");
        }

        if (DeploymentPlan.Problem(settings, loadBalanced) is { } problem)
        {
            reader.Fail(o.KeyOf("strategy"), DeploymentSettings.NameOf(strategy), problem, "rolling for a service without a load balancer");
        }

        o.RejectUnknownFields();
        return settings;
    }
}
