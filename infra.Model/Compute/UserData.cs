using System.Globalization;
using System.Text.RegularExpressions;

namespace Infra.Model.Compute;

/// <summary>
/// The hosts' user data: a bash script that configures the ECS agent, then installs and starts the CloudWatch agent.
/// It holds settings and names only, never a secret (C5): anyone who can describe the instance can read it.
/// </summary>
public static partial class UserData
{
    public const string EcsConfigPath = "/etc/ecs/ecs.config";
    public const string AgentConfigPath = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json";
    public const string AgentControl = "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl";
    public const string EcsConfigDelimiter = "ECS_CONFIG";
    public const string AgentConfigDelimiter = "AGENT_CONFIG";

    // What ECS allows in a cluster name; it also keeps the name inert inside the script.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex ClusterName();

    /// <summary>The ECS agent's settings, in file order (<c>/etc/ecs/ecs.config</c>, read when the agent starts).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> EcsConfig(ClusterPlan plan, string clusterName, FleetPlan? fleet = null)
    {
        if (!ClusterName().IsMatch(clusterName))
        {
            throw new ArgumentException($"'{clusterName}' is not an ECS cluster name (1 to 255 letters, digits, '-' and '_')", nameof(clusterName));
        }

        List<KeyValuePair<string, string>> settings =
        [
            new("ECS_CLUSTER", clusterName),
            // Lets containers read their task's and container's metadata from a file (ECS_CONTAINER_METADATA_FILE).
            new("ECS_ENABLE_CONTAINER_METADATA", "true"),
            // The default for containers whose definition sets no stopTimeout: the longest any service asks for.
            new("ECS_CONTAINER_STOP_TIMEOUT", Seconds(plan.ContainerStopTimeoutSeconds)),
            // Memory the agent never hands to tasks, so the OS, dockerd and the agents survive a task at its limit.
            new("ECS_RESERVED_MEMORY", InstanceTypeInfo.ReservedMemoryMiB.ToString(CultureInfo.InvariantCulture)),
            // Stopped containers are kept an hour (agent default 3h): their output is already in CloudWatch, an hour
            // is enough to inspect one over Session Manager, and images they hold cannot be cleaned up before.
            new("ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION", "1h"),
            // Unused images are removed every 30 minutes, at most 5 per pass, once an hour old: a deployment that
            // rolls back within the hour finds its image still cached, and the 30 GiB root volume does not fill up.
            new("ECS_IMAGE_CLEANUP_INTERVAL", "30m"),
            new("ECS_IMAGE_MINIMUM_CLEANUP_AGE", "1h"),
            new("ECS_NUM_IMAGES_DELETE_PER_CYCLE", "5"),
        ];
        if (fleet is { UsesSpot: true })
        {
            // On a Spot interruption notice the agent sets the host DRAINING, so ECS starts the tasks elsewhere within
            // the two minutes before EC2 takes the host back. On-demand hosts never get the notice.
            settings.Add(new(SpotDrainingKey, "true"));
        }

        return settings;
    }

    public const string SpotDrainingKey = "ECS_ENABLE_SPOT_INSTANCE_DRAINING";

    /// <summary>The whole script, with the CloudWatch agent's configuration from <see cref="CloudWatchAgentConfig.For"/>.</summary>
    public static string For(ClusterPlan plan, string clusterName, FleetPlan? fleet = null)
    {
        var ecsConfig = EcsConfig(plan, clusterName, fleet).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        var agentConfig = CloudWatchAgentConfig.For(plan).ToJson().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (agentConfig.Contains(AgentConfigDelimiter, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"the agent configuration has a line '{AgentConfigDelimiter}', which would end its here-document");
        }

        List<string> lines =
        [
            "#!/bin/bash",
            "# ECS host bootstrap: ECS agent settings, then the CloudWatch agent shipping the host's logs.",
            "set -euo pipefail",
            string.Empty,
            "# Read by the ECS agent, which starts after this script; quoted here-documents expand nothing.",
            "mkdir -p /etc/ecs",
            $"cat > {EcsConfigPath} <<'{EcsConfigDelimiter}'",
            .. ecsConfig,
            EcsConfigDelimiter,
            string.Empty,
            "# Amazon Linux 2023 logs to the journal only; rsyslog writes it to /var/log/messages and /var/log/secure.",
            "dnf install -y rsyslog amazon-cloudwatch-agent",
            "systemctl enable --now rsyslog",
            string.Empty,
            $"cat > {AgentConfigPath} <<'{AgentConfigDelimiter}'",
            .. agentConfig,
            AgentConfigDelimiter,
            $"{AgentControl} -a fetch-config -m ec2 -s -c file:{AgentConfigPath}",
        ];

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The agent configuration embedded in a script made by <see cref="For"/> (for checks and tests).</summary>
    public static string ExtractAgentConfig(string script)
    {
        var lines = script.Split('\n');
        var start = Array.FindIndex(lines, l => l.EndsWith($"<<'{AgentConfigDelimiter}'", StringComparison.Ordinal));
        var end = start < 0 ? -1 : Array.FindIndex(lines, start + 1, l => l == AgentConfigDelimiter);
        if (start < 0 || end < 0)
        {
            throw new ArgumentException("the script has no CloudWatch agent configuration here-document", nameof(script));
        }

        return string.Join('\n', lines[(start + 1)..end]);
    }

    private static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture) + "s";
}
