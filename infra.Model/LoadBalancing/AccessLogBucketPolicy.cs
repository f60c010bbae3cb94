using System.Text.RegularExpressions;
using Infra.Model.Iam;

namespace Infra.Model.LoadBalancing;

/// <summary>
/// The policy of the bucket the load balancer writes its access logs to: Elastic Load Balancing may put objects
/// under this account's log prefix and nothing else, and nobody may reach the bucket without TLS.
/// </summary>
/// <remarks>
/// Who delivers the logs depends on the region's age. Regions opened before August 2022 deliver from a regional ELB
/// account (its ARN comes from <c>aws.elb.getServiceAccount</c>); regions opened since then have no such account and
/// deliver as the service principal <see cref="LogDeliveryService"/> (AWS, "Enable access logs for your Application
/// Load Balancer", step 2). The older set is closed, so it is the one kept here: a region missing from it is a newer
/// one, which is what every region AWS opens from now on will be. For reference, the newer regions known at the time
/// of writing: me-central-1, eu-central-2, eu-south-2, ap-south-2, ap-southeast-4, il-central-1, ca-west-1,
/// ap-southeast-5, ap-southeast-7, mx-central-1, ap-east-2, ap-southeast-6.
/// </remarks>
public static partial class AccessLogBucketPolicy
{
    /// <summary>The key prefix of the logs; AWS appends <c>AWSLogs/{account}/elasticloadbalancing/...</c>.</summary>
    public const string Prefix = "alb";

    public const string LogDeliveryService = "logdelivery.elasticloadbalancing.amazonaws.com";

    /// <summary>Regions opened before August 2022, each with its own ELB log-delivery account.</summary>
    public static readonly IReadOnlySet<string> RegionsWithElbAccount = new HashSet<string>(StringComparer.Ordinal)
    {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "af-south-1", "ap-east-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ca-central-1",
        "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-north-1",
        "me-south-1", "sa-east-1",
        "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1",
    };

    [GeneratedRegex("^arn:[a-z-]+:iam::[0-9]{12}:root$")]
    private static partial Regex ElbAccountArn();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    /// <summary>True when the region delivers logs from an ELB account, so its ARN must be looked up.</summary>
    public static bool UsesElbAccount(string region) => RegionsWithElbAccount.Contains(region);

    public static string BucketArn(string partition, string bucketName) => $"arn:{partition}:s3:::{bucketName}";

    /// <summary>Where ELB writes this account's logs: <c>{bucket}/{prefix}/AWSLogs/{account}/*</c>.</summary>
    public static string LogObjectsArn(string partition, string bucketName, string accountId) =>
        $"{BucketArn(partition, bucketName)}/{Prefix}/AWSLogs/{accountId}/*";

    /// <param name="partition">The AWS partition (aws, aws-cn, aws-us-gov).</param>
    /// <param name="region">The load balancer's region, which picks the delivering principal.</param>
    /// <param name="bucketName">The log bucket's name.</param>
    /// <param name="accountId">The account that owns the load balancer.</param>
    /// <param name="elbAccountArn">The region's ELB account ARN; required where <see cref="UsesElbAccount"/>, ignored elsewhere.</param>
    public static PolicyDocument For(string partition, string region, string bucketName, string accountId, string? elbAccountArn)
    {
        ArgumentException.ThrowIfNullOrEmpty(partition);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(bucketName);
        if (!AccountId().IsMatch(accountId))
        {
            throw new ArgumentException($"'{accountId}' is not a 12-digit AWS account id", nameof(accountId));
        }

        PolicyPrincipal deliverer;
        if (UsesElbAccount(region))
        {
            if (elbAccountArn is null || !ElbAccountArn().IsMatch(elbAccountArn))
            {
                throw new ArgumentException(
                    $"{region} delivers access logs from its ELB account; expected that account's ARN (arn:<partition>:iam::<account>:root), got '{elbAccountArn}'",
                    nameof(elbAccountArn));
            }

            deliverer = new PolicyPrincipal(null, [elbAccountArn]);
        }
        else
        {
            deliverer = new PolicyPrincipal([LogDeliveryService], null);
        }

        var bucketArn = BucketArn(partition, bucketName);
        return PolicyDocument.Of(
            new PolicyStatement(
                "AllowLoadBalancerLogDelivery",
                "Allow",
                deliverer,
                ["s3:PutObject"],
                [LogObjectsArn(partition, bucketName, accountId)]),
            new PolicyStatement(
                "DenyInsecureTransport",
                "Deny",
                new PolicyPrincipal(null, ["*"]),
                ["s3:*"],
                [bucketArn, $"{bucketArn}/*"],
                new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>
                {
                    ["Bool"] = new Dictionary<string, IReadOnlyList<string>> { ["aws:SecureTransport"] = ["false"] },
                }));
    }
}
