using Infra.Model.Settings;

namespace Infra.Model.Policy;

internal sealed class G1LogRetention() : PolicyCheck(
    "G1",
    PolicyScope.EveryStackStricterInProd,
    "log retention set (≥365 days in prod)",
    "Sees aws:cloudwatch/logGroup:LogGroup retentionInDays: set to a CloudWatch Logs period in every stack (absent or 0 "
    + "means never expire), at least 365 in prod. Cannot see log groups AWS creates implicitly (awslogs-create-group), "
    + "which E7 rules out.")
{
    public override bool JudgesEachResourceAlone => true;

    public const int ProdMinimumDays = 365;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var group in plan.OfType(ResourceTypes.LogGroup))
        {
            var days = PlanJson.Number(group.Inputs["retentionInDays"]);
            if (days is not { } set || !ConfigKeys.AllowedRetentionDays.Contains((int)set) || set != Math.Floor(set))
            {
                yield return Flag(group, "retentionInDays", $"set retentionInDays (logRetentionDays) to one of {string.Join(", ", ConfigKeys.AllowedRetentionDays)}");
            }
            else if (context.IsProd && set < ProdMinimumDays)
            {
                yield return Flag(group, "retentionInDays", $"keep prod logs at least {ProdMinimumDays} days (logRetentionDays)");
            }
        }
    }
}

internal sealed class G2EncryptionAtRest() : PolicyCheck(
    "G2",
    PolicyScope.EveryStack,
    "encryption at rest for logs and buckets (KMS where configured)",
    "Sees each aws:s3/bucket:Bucket and its aws:s3/bucketServerSideEncryptionConfiguration (tied by the bucket input: the "
    + "bucket's name, or its bucketPrefix, or the auto-name <bucket logical name>-... the mocks give), or an inline serverSideEncryptionConfiguration: "
    + "sseAlgorithm AES256, aws:kms or aws:kms:dsse. Log groups are always encrypted by CloudWatch Logs; when a log KMS "
    + "key is configured each group's kmsKeyId must be it.")
{
    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var configurations = plan.OfType(ResourceTypes.BucketEncryption, ResourceTypes.BucketEncryptionV2).ToList();
        foreach (var bucket in plan.OfType(ResourceTypes.Bucket, ResourceTypes.BucketV2))
        {
            var name = PlanJson.Text(bucket.Inputs["bucket"]);
            string[] prefixes = [PlanJson.Text(bucket.Inputs["bucketPrefix"]) ?? $"{bucket.Name}-", $"{bucket.Name}-"];
            var rules = configurations
                .Where(c => PlanJson.Text(c.Inputs["bucket"]) is { } target
                    && (name is not null ? target == name : prefixes.Any(p => target.StartsWith(p, StringComparison.Ordinal))))
                .SelectMany(c => PlanJson.Array(c.Inputs["rules"]))
                .Concat(PlanJson.Array(PlanJson.At(bucket.Inputs, "serverSideEncryptionConfiguration.rule")))
                .Concat(PlanJson.Object(PlanJson.At(bucket.Inputs, "serverSideEncryptionConfiguration.rule")) is { } inline ? [inline] : []);
            if (!rules.Any(r => PlanJson.Text(PlanJson.At(r, "applyServerSideEncryptionByDefault.sseAlgorithm")) is "AES256" or "aws:kms" or "aws:kms:dsse"))
            {
                yield return Flag(bucket, "serverSideEncryption", "add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm AES256 (what ALB access logs support) or aws:kms");
            }
        }

        if (context.LogKmsKeyArn is { } key)
        {
            foreach (var group in plan.OfType(ResourceTypes.LogGroup).Where(g => PlanJson.Text(g.Inputs["kmsKeyId"]) != key))
            {
                yield return Flag(group, "kmsKeyId", $"encrypt the log group with the configured key {key} (logKmsKeyArn)");
            }
        }
    }
}

internal sealed class G3DefaultTags() : PolicyCheck(
    "G3",
    PolicyScope.EveryStack,
    "every resource tagged (project, stack, owner) through the provider's default tags",
    "Sees the pulumi:providers:aws registrations and their defaultTags input (sent JSON-encoded by the SDK; parsed here): "
    + "tags must hold every expected key (project, stack, owner) with a value. A plan with AWS resources and no explicit "
    + "provider relies on the default provider, whose tags it cannot see, and is reported. Default tags do not reach what "
    + "they cannot: each aws:autoscaling/group:Group needs the keys as its own tag blocks (tags[].key/value), and each "
    + "aws:ec2/launchTemplate:LaunchTemplate a tagSpecifications entry with the keys for instance, volume and "
    + "network-interface (what the group launches). Cannot see which provider each resource uses (the engine's provider "
    + "reference is not in the planned inputs).")
{
    /// <summary>What an Auto Scaling group launches from its template, each tagged only by the template's specifications.</summary>
    public static readonly IReadOnlyList<string> LaunchedResourceTypes = ["instance", "volume", "network-interface"];

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        var providers = plan.OfType(ResourceTypes.AwsProvider).ToList();
        if (providers.Count == 0 && plan.All.Any(r => r.Type.StartsWith("aws:", StringComparison.Ordinal)))
        {
            yield return Flag("(default provider)", "defaultTags", "create one aws provider with defaultTags from aws:defaultTags and pass it to every component");
        }

        foreach (var provider in providers)
        {
            var tags = PlanJson.Object(PlanJson.At(provider.Inputs, "defaultTags.tags"));
            foreach (var key in context.ExpectedTagKeys)
            {
                if (PlanJson.Text(tags?[key]) is not { Length: > 0 })
                {
                    yield return Flag(provider, $"defaultTags.tags.{key}", $"add the '{key}' tag to the provider's default tags (aws:defaultTags)");
                }
            }
        }

        foreach (var group in plan.OfType(ResourceTypes.AutoScalingGroup))
        {
            var tags = PlanJson.Array(group.Inputs["tags"]).Select(PlanJson.Object).OfType<System.Text.Json.Nodes.JsonObject>()
                .Where(t => PlanJson.Text(t["value"]) is { Length: > 0 })
                .Select(t => PlanJson.Text(t["key"]))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var key in context.ExpectedTagKeys.Where(key => !tags.Contains(key)))
            {
                yield return Flag(group, $"tags[{key}]", $"add a tag block (GroupTagArgs) for '{key}': the provider's default tags do not reach an Auto Scaling group");
            }
        }

        foreach (var template in plan.OfType(ResourceTypes.LaunchTemplate))
        {
            var specifications = PlanJson.Array(template.Inputs["tagSpecifications"]).Select(PlanJson.Object).OfType<System.Text.Json.Nodes.JsonObject>().ToList();
            foreach (var type in LaunchedResourceTypes)
            {
                var tags = specifications
                    .Where(spec => PlanJson.Text(spec["resourceType"]) == type)
                    .Select(spec => PlanJson.Object(spec["tags"]))
                    .FirstOrDefault();
                foreach (var key in context.ExpectedTagKeys.Where(key => PlanJson.Text(tags?[key]) is not { Length: > 0 }))
                {
                    yield return Flag(template, $"tagSpecifications[{type}].tags.{key}", $"tag '{key}' on every {type} the Auto Scaling group launches (a tagSpecifications entry with resourceType {type}): default tags do not reach them");
                }
            }
        }
    }
}
