using System.Text.Json.Nodes;

namespace Infra.Model.Policy;

/// <summary>
/// Values a check cannot judge: the engine's unknown (a value computed only when the resource is created, which
/// Pulumi serializes as a fixed sentinel string) and a secret (shown as <c>[secret]</c>, never decrypted). Every read
/// through <see cref="PlanJson"/> passes here, so an evaluation can tell which resources' values a check looked at
/// and which of those it could not see.
/// </summary>
public static class PlanValues
{
    /// <summary>
    /// Pulumi's serialized unknown (<c>computedValuePlaceholder</c> in pulumi/pulumi
    /// <c>pkg/resource/stack/deployment.go</c>): what <c>pulumi preview --json</c> shows for a value known only after apply.
    /// </summary>
    public const string Unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    /// <summary>What a secret reads as: the preview's own blinding (<c>massagePropertyValue</c>) and the state reader's.</summary>
    public const string Secret = "[secret]";

    [ThreadStatic]
    private static List<JsonNode>? _reads;

    /// <summary>An unknown or secret value: the string itself, never what it stands for.</summary>
    public static bool IsHidden(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text is Unknown or Secret;

    /// <summary>Records a read while <see cref="Record"/> is active on this thread.</summary>
    internal static void Seen(JsonNode? node)
    {
        if (node is not null)
        {
            _reads?.Add(node);
        }
    }

    /// <summary>Starts recording the values read on this thread until the returned scope is disposed.</summary>
    internal static ReadRecording Record()
    {
        var reads = new List<JsonNode>();
        _reads = reads;
        return new ReadRecording(reads);
    }

    /// <summary>The values read during one check's evaluation.</summary>
    internal sealed class ReadRecording(List<JsonNode> reads) : IDisposable
    {
        public IReadOnlyList<JsonNode> Reads => reads;

        public void Dispose() => _reads = null;
    }
}
