using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Infra.Model.Iam;

namespace Infra.Model.Observability;

/// <summary>
/// The alarm topic's resource policies. CloudWatch publishes alarm notifications as the service principal
/// cloudwatch.amazonaws.com: the topic policy lets it publish for this stack's alarms only (SourceArn, SourceAccount:
/// no confused deputy), and the key policy lets it use the key the topic is encrypted with, which an AWS managed key
/// (alias/aws/sns) cannot do because its policy cannot be changed.
/// </summary>
public static class AlarmTopicPolicies
{
    public const string CloudWatch = "cloudwatch.amazonaws.com";

    /// <summary>
    /// A subscription's logical-name key: derived from the address (case-insensitive), so adding or removing another
    /// address never replaces this one's subscription, which would need confirming again.
    /// </summary>
    public static string SubscriptionKey(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()));
        return string.Concat(hash.Take(4).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>What the stack's alarms are named like: <c>{project}-{stack}-*</c>.</summary>
    public static string AlarmArnPattern(string partition, string region, string account, string project, string stack) =>
        $"arn:{partition}:cloudwatch:{region}:{account}:alarm:{project}-{stack}-*";

    public static PolicyDocument TopicPolicy(string topicArn, string alarmArnPattern, string account) => PolicyDocument.Of(
        new PolicyStatement(
            "CloudWatchAlarmsPublish",
            "Allow",
            new PolicyPrincipal([CloudWatch], null),
            ["sns:Publish"],
            [topicArn],
            new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
            {
                ["ArnLike"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceArn"] = [alarmArnPattern] },
                ["StringEquals"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SourceAccount"] = [account] },
            }));

    /// <summary>
    /// The stack-owned key's policy: the account administers it through IAM (the default key policy), CloudWatch
    /// may encrypt and decrypt the data keys of messages it publishes to the topic.
    /// </summary>
    public static PolicyDocument KeyPolicy(string partition, string account) => PolicyDocument.Of(
        new PolicyStatement("AccountAdministersKey", "Allow", new PolicyPrincipal(null, [$"arn:{partition}:iam::{account}:root"]), ["kms:*"], ["*"]),
        new PolicyStatement("CloudWatchAlarmsUseKey", "Allow", new PolicyPrincipal([CloudWatch], null), ["kms:Decrypt", "kms:GenerateDataKey*"], ["*"]));
}
