using System.Text.Json;
using System.Text.Json.Serialization;

namespace Infra.Model.Compute;

/// <summary>
/// The CloudWatch agent's configuration file (logs only: host metrics come from Container Insights), as typed data;
/// <see cref="ToJson"/> is the only way it becomes text.
/// </summary>
public sealed record CloudWatchAgentConfig(
    [property: JsonPropertyName("agent"), JsonPropertyOrder(0)] CloudWatchAgentSection Agent,
    [property: JsonPropertyName("logs"), JsonPropertyOrder(1)] CloudWatchLogsSection Logs)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The stream of each file: one per host, so a host's lines stay together and name their source.</summary>
    public const string InstanceIdStream = "{instance_id}";

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static CloudWatchAgentConfig For(ClusterPlan plan) => new(
        // The ECS logs are readable by root only.
        new CloudWatchAgentSection("root"),
        new CloudWatchLogsSection(
            new CloudWatchLogsCollected(
                new CloudWatchFilesSection(
                    [.. plan.InstanceLogs.Select(log => new CloudWatchCollectedFile(
                        log.FilePath,
                        log.LogGroupName,
                        InstanceIdStream,
                        // The stack creates these groups with this retention; the agent gets the same value, so it
                        // can never set a different one.
                        plan.LogRetentionDays))]))));
}

public sealed record CloudWatchAgentSection(
    [property: JsonPropertyName("run_as_user")] string RunAsUser);

public sealed record CloudWatchLogsSection(
    [property: JsonPropertyName("logs_collected")] CloudWatchLogsCollected LogsCollected);

public sealed record CloudWatchLogsCollected(
    [property: JsonPropertyName("files")] CloudWatchFilesSection Files);

public sealed record CloudWatchFilesSection(
    [property: JsonPropertyName("collect_list")] IReadOnlyList<CloudWatchCollectedFile> CollectList);

public sealed record CloudWatchCollectedFile(
    [property: JsonPropertyName("file_path"), JsonPropertyOrder(0)] string FilePath,
    [property: JsonPropertyName("log_group_name"), JsonPropertyOrder(1)] string LogGroupName,
    [property: JsonPropertyName("log_stream_name"), JsonPropertyOrder(2)] string LogStreamName,
    [property: JsonPropertyName("retention_in_days"), JsonPropertyOrder(3)] int RetentionInDays);
