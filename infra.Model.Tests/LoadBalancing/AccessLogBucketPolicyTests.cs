using System.Text.Json.Nodes;
using Infra.Model.LoadBalancing;

namespace Infra.Model.Tests.LoadBalancing;

public class AccessLogBucketPolicyTests
{
    private const string Account = "123456789012";
    private const string Bucket = "edge-access-logs-0a1b2c3";
    private const string UsEast1ElbAccount = "arn:aws:iam::127311923021:root";

    private static JsonArray Statements(string partition, string region, string? elbAccountArn) =>
        JsonNode.Parse(AccessLogBucketPolicy.For(partition, region, Bucket, Account, elbAccountArn).ToJson())!["Statement"]!.AsArray();

    private static JsonNode Statement(JsonArray statements, string effect) =>
        statements.Single(s => s!["Effect"]!.GetValue<string>() == effect)!;

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    [Test]
    public void L5_in_a_region_with_an_ELB_account_that_account_may_put_objects_under_this_accounts_log_prefix_only()
    {
        var allow = Statement(Statements("aws", "us-east-1", UsEast1ElbAccount), "Allow");

        Assert.That(Strings(allow["Principal"]!["AWS"]), Is.EqualTo(new[] { UsEast1ElbAccount }));
        Assert.That(allow["Principal"]!["Service"], Is.Null);
        Assert.That(Strings(allow["Action"]), Is.EqualTo(new[] { "s3:PutObject" }));
        Assert.That(Strings(allow["Resource"]), Is.EqualTo(new[] { $"arn:aws:s3:::{Bucket}/alb/AWSLogs/{Account}/*" }));
    }

    [Test]
    public void L5_in_a_region_opened_after_August_2022_the_log_delivery_service_principal_may_put_objects()
    {
        var allow = Statement(Statements("aws", "eu-central-2", elbAccountArn: null), "Allow");

        Assert.That(Strings(allow["Principal"]!["Service"]), Is.EqualTo(new[] { "logdelivery.elasticloadbalancing.amazonaws.com" }));
        Assert.That(allow["Principal"]!["AWS"], Is.Null);
        Assert.That(Strings(allow["Action"]), Is.EqualTo(new[] { "s3:PutObject" }));
        Assert.That(Strings(allow["Resource"]), Is.EqualTo(new[] { $"arn:aws:s3:::{Bucket}/alb/AWSLogs/{Account}/*" }));
    }

    [Test]
    public void Every_request_without_TLS_is_denied_on_the_bucket_and_its_objects()
    {
        var deny = Statement(Statements("aws", "us-east-1", UsEast1ElbAccount), "Deny");

        Assert.That(Strings(deny["Principal"]!["AWS"]), Is.EqualTo(new[] { "*" }));
        Assert.That(Strings(deny["Action"]), Is.EqualTo(new[] { "s3:*" }));
        Assert.That(Strings(deny["Resource"]), Is.EquivalentTo(new[] { $"arn:aws:s3:::{Bucket}", $"arn:aws:s3:::{Bucket}/*" }));
        Assert.That(Strings(deny["Condition"]!["Bool"]!["aws:SecureTransport"]), Is.EqualTo(new[] { "false" }));
    }

    [Test]
    public void The_document_allows_nothing_beyond_log_delivery()
    {
        var statements = Statements("aws", "us-east-1", UsEast1ElbAccount);

        var allowed = statements.Where(s => s!["Effect"]!.GetValue<string>() == "Allow").SelectMany(s => Strings(s!["Action"]));
        Assert.That(allowed, Is.EqualTo(new[] { "s3:PutObject" }));
        Assert.That(JsonNode.Parse(AccessLogBucketPolicy.For("aws", "us-east-1", Bucket, Account, UsEast1ElbAccount).ToJson())!["Version"]!.GetValue<string>(), Is.EqualTo("2012-10-17"));
    }

    [Test]
    public void ARNs_carry_the_partition()
    {
        var statements = Statements("aws-cn", "cn-north-1", "arn:aws-cn:iam::638102146993:root");

        Assert.That(Strings(Statement(statements, "Allow")["Resource"]), Is.EqualTo(new[] { $"arn:aws-cn:s3:::{Bucket}/alb/AWSLogs/{Account}/*" }));
        Assert.That(Strings(Statement(statements, "Deny")["Resource"]), Does.Contain($"arn:aws-cn:s3:::{Bucket}"));
    }

    [TestCase("us-east-1")]
    [TestCase("eu-west-1")]
    [TestCase("ap-southeast-3")]
    [TestCase("us-gov-west-1")]
    public void Regions_opened_before_August_2022_deliver_from_their_ELB_account(string region) =>
        Assert.That(AccessLogBucketPolicy.UsesElbAccount(region), Is.True);

    [TestCase("me-central-1")]
    [TestCase("eu-central-2")]
    [TestCase("eu-south-2")]
    [TestCase("ap-south-2")]
    [TestCase("ap-southeast-4")]
    [TestCase("il-central-1")]
    [TestCase("ca-west-1")]
    [TestCase("ap-southeast-5")]
    [TestCase("ap-southeast-7")]
    [TestCase("mx-central-1")]
    public void Regions_opened_since_August_2022_deliver_as_the_service_principal(string region) =>
        Assert.That(AccessLogBucketPolicy.UsesElbAccount(region), Is.False);

    [Test]
    public void A_region_with_an_ELB_account_but_no_account_ARN_is_refused()
    {
        Assert.That(
            () => AccessLogBucketPolicy.For("aws", "us-east-1", Bucket, Account, elbAccountArn: null),
            Throws.ArgumentException.With.Message.Contains("us-east-1").And.Message.Contains("ELB account"));
        Assert.That(
            () => AccessLogBucketPolicy.For("aws", "us-east-1", Bucket, Account, "127311923021"),
            Throws.ArgumentException.With.Message.Contains("'127311923021'"));
    }

    [Test]
    public void A_malformed_account_id_is_refused()
    {
        Assert.That(
            () => AccessLogBucketPolicy.For("aws", "us-east-1", Bucket, "12345", UsEast1ElbAccount),
            Throws.ArgumentException.With.Message.Contains("'12345'"));
    }
}
