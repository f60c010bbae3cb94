using Infra.Model.Services;

namespace Infra.Model.Tests.Settings;

/// <summary>
/// Values AWS accepts only at deploy time (CreateListener, CreateService, RegisterTaskDefinition, CreateLogGroup, a
/// task's image pull) are rejected by validation first; the offline ones without asking AWS anything.
/// </summary>
public class DeployTimeConstraintTests
{
    private const string Account = "123456789012";

    [TestCase("us-east-1")]
    [TestCase("eu-central-2")]
    [TestCase("mx-central-1")]
    [TestCase("ap-southeast-7")]
    [TestCase("us-gov-west-1")]
    [TestCase("cn-northwest-1")]
    public void Known_regions_are_accepted(string region)
    {
        Assert.That(RawConfig.From("dev").With("aws:region", region).Errors(), Is.Empty);
    }

    [TestCase("us-east-3")]
    [TestCase("eu-west-9")]
    [TestCase("us-gov-north-1")]
    public void A_region_of_the_right_shape_that_AWS_does_not_offer_is_rejected_offline(string region)
    {
        var error = RawConfig.From("dev").With("aws:region", region).Errors().Single(e => e.Key == "aws:region");

        Assert.Multiple(() =>
        {
            Assert.That(error.Value, Is.EqualTo(region));
            Assert.That(error.Problem, Does.Contain("not a Region AWS offers").And.Contain(AwsRegions.Source));
            Assert.That(error.Allowed, Does.Contain("us-east-1").And.Contain("us-gov-west-1").And.Contain("cn-north-1"));
        });
    }

    [TestCase("us-east-1", "aws")]
    [TestCase("us-gov-east-1", "aws-us-gov")]
    [TestCase("cn-north-1", "aws-cn")]
    public void Each_region_belongs_to_its_partition(string region, string partition) =>
        Assert.That(AwsRegions.Partition(region), Is.EqualTo(partition));

    [TestCase("us-east-1a", "us-east-1")]
    [TestCase("us-gov-west-1b", "us-gov-west-1")]
    [TestCase("us-east-1-bos-1a", "us-east-1")]
    [TestCase("use1-az1", null)]
    [TestCase("us-east-1", null)]
    public void An_AZ_name_names_its_region(string zone, string? region) =>
        Assert.That(AwsRegions.RegionOfZone(zone), Is.EqualTo(region));

    [Test]
    public void Explicit_AZs_of_the_stack_region_pass_and_others_are_named_offline()
    {
        var good = RawConfig.From("dev").With("availabilityZones", """["us-east-1a","us-east-1c"]""").Errors();
        var bad = RawConfig.From("dev").With("availabilityZones", """["us-east-1a","use1-az2"]""").Errors();

        Assert.Multiple(() =>
        {
            Assert.That(good, Is.Empty);
            Assert.That(bad.Select(e => (e.Key, e.Value, e.Problem)), Is.EquivalentTo(new[] { ("ecs-refarch:availabilityZones", (string?)"use1-az2", "not an AZ name") }));
        });
    }

    [Test]
    public void A_zone_of_another_region_is_reported_once_even_when_the_region_zones_are_known()
    {
        var errors = RawConfig.From("dev").With("availabilityZones", """["us-east-1a","eu-west-1b"]""").Errors(["us-east-1a", "us-east-1b"]);

        Assert.That(errors.Where(e => e.Value == "eu-west-1b").Select(e => e.Problem), Is.EqualTo(new[] { "an AZ of eu-west-1, not of the stack's region us-east-1" }));
    }

    [TestCase("275396840892.dkr.ecr.us-east-1.amazonaws.com/ecs-refarch-cloudformation/product-service:1.0.0")]
    [TestCase("nginx")]
    [TestCase("library/nginx:1.27-alpine")]
    [TestCase("localhost:5000/team/app:v1.2.3")]
    [TestCase("public.ecr.aws/docker/library/busybox:latest")]
    [TestCase("ghcr.io/org/app__x/name-with--dashes:Tag_1.0")]
    [TestCase("example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [TestCase("example.com/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [TestCase("[2001:db8::1]:5000/app:1")]
    public void Image_references_of_the_OCI_grammar_are_accepted(string image) =>
        Assert.That(ImageReference.Problem(image), Is.Null);

    [TestCase("Example.com/Team/App:1", "must be lowercase")]
    [TestCase("example.com/app:", "not an image reference")]
    [TestCase("example.com/app:1:2", "not an image reference")]
    [TestCase("example.com/-app:1", "not an image reference")]
    [TestCase("example.com/app:.hidden", "not an image reference")]
    [TestCase("example.com//app", "not an image reference")]
    [TestCase("https://example.com/app:1", "not an image reference")]
    [TestCase("example.com/app@sha256:0123456789abcdef0123456789abcdef01234567", "64 lowercase hex digits")]
    [TestCase("example.com/app@md5:0123456789abcdef0123456789abcdef", "not one registries accept")]
    public void Image_references_outside_the_grammar_are_rejected_with_the_reason(string image, string reason) =>
        Assert.That(ImageReference.Problem(image), Does.Contain(reason));

    [Test]
    public void Image_tags_stop_at_128_characters_and_paths_at_255()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ImageReference.Problem("app:" + new string('a', 128)), Is.Null);
            Assert.That(ImageReference.Problem("app:" + new string('a', 129)), Is.Not.Null);
            Assert.That(ImageReference.Problem(new string('a', 255)), Is.Null);
            Assert.That(ImageReference.Problem("example.com/a/" + new string('b', 253)), Is.Null);
            Assert.That(ImageReference.Problem("example.com/a/" + new string('b', 254)), Does.Contain("more than 255"));
        });
    }

    [Test]
    public void A_certificate_of_the_deploying_account_passes_and_another_account_is_rejected_with_what_to_set()
    {
        var prod = RawConfig.From("prod").With("certificateArn", $"arn:aws:acm:us-east-1:{Account}:certificate/abc-123");

        var same = prod.Errors(accountId: Account);
        var other = prod.Errors(accountId: "210987654321");

        Assert.Multiple(() =>
        {
            Assert.That(same, Is.Empty);
            Assert.That(other, Has.Count.EqualTo(1));
            Assert.That(other[0].Key, Is.EqualTo("ecs-refarch:certificateArn"));
            Assert.That(other[0].Value, Is.EqualTo($"arn:aws:acm:us-east-1:{Account}:certificate/abc-123"));
            Assert.That(other[0].Problem, Does.Contain($"account {Account}").And.Contain("account 210987654321"));
            Assert.That(other[0].Allowed, Does.Contain("arn:aws:acm:us-east-1:210987654321:certificate/").And.Contain("pulumi config set ecs-refarch:certificateArn"));
        });
    }

    [Test]
    public void Without_the_account_known_offline_the_certificate_account_is_not_judged() =>
        Assert.That(RawConfig.From("prod").With("certificateArn", "arn:aws:acm:us-east-1:210987654321:certificate/abc").Errors(), Is.Empty);

    [Test]
    public void HTTPS_without_a_certificate_says_which_key_to_set_and_the_ARN_it_takes()
    {
        var error = RawConfig.From("prod").Without("certificateArn").Errors(accountId: Account).Single();

        Assert.Multiple(() =>
        {
            Assert.That(error.Key, Is.EqualTo("ecs-refarch:certificateArn"));
            Assert.That(error.Allowed, Does.Contain($"arn:aws:acm:us-east-1:{Account}:certificate/<certificate id>")
                .And.Contain("pulumi config set ecs-refarch:certificateArn")
                .And.Contain("ecs-refarch:httpsEnabled: false"));
        });
    }

    [Test]
    public void A_log_key_of_the_stack_region_passes_and_another_region_fails()
    {
        const string Key = "arn:aws:kms:{0}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

        var same = RawConfig.From("dev").With("logKmsKeyArn", string.Format(System.Globalization.CultureInfo.InvariantCulture, Key, "us-east-1")).Errors();
        var other = RawConfig.From("dev").With("logKmsKeyArn", string.Format(System.Globalization.CultureInfo.InvariantCulture, Key, "eu-west-1")).Errors();

        Assert.Multiple(() =>
        {
            Assert.That(same, Is.Empty);
            Assert.That(other.Select(e => e.Key), Is.EqualTo(new[] { "ecs-refarch:logKmsKeyArn" }));
            Assert.That(other.Single().Problem, Does.Contain("a key of eu-west-1"));
        });
    }

    [TestCase(127, true)]
    [TestCase(128, false)]
    public void A_memory_reservation_must_stay_below_the_hard_limit(int reservation, bool accepted)
    {
        var errors = RawConfig.From("dev").WithServiceField(0, "memoryReservation", reservation).Errors();

        Assert.That(errors.Any(e => e.Key == "ecs-refarch:services[0].memoryReservation"), Is.EqualTo(!accepted), string.Join(Environment.NewLine, errors));
    }

    [TestCase(100, false)]
    [TestCase(101, true)]
    [TestCase(200, true)]
    public void AZ_rebalancing_needs_a_maximumPercent_above_100(int maximumPercent, bool accepted)
    {
        var errors = RawConfig.From("dev").WithServiceField(1, "minimumHealthyPercent", 50).WithServiceField(1, "maximumPercent", maximumPercent).Errors();

        Assert.That(errors.Any(e => e.Key == "ecs-refarch:services[1].maximumPercent" && e.Allowed == "from 101 to 200"), Is.EqualTo(!accepted), string.Join(Environment.NewLine, errors));
    }

    [TestCase(1, 100, 150, 1, "at least 200 while the service may run 1 task(s), or a minimumHealthyPercent of at most 0")]
    [TestCase(2, 100, 149, 2, "at least 150 while the service may run 2 task(s), or a minimumHealthyPercent of at most 50")]
    [TestCase(3, 90, 120, 3, "at least 134 while the service may run 3 task(s), or a minimumHealthyPercent of at most 66")]
    public void A_deployment_that_rounding_would_freeze_is_rejected_at_the_smallest_task_count_it_freezes(int minCount, int minHealthy, int maximumPercent, int stuckAt, string allowed)
    {
        var errors = RawConfig.From("dev")
            .WithServiceField(0, "minCount", minCount).WithServiceField(0, "desiredCount", Math.Max(minCount, 2)).WithServiceField(0, "maxCount", 6)
            .WithServiceField(0, "minimumHealthyPercent", minHealthy).WithServiceField(0, "maximumPercent", maximumPercent)
            .Errors();

        var error = errors.Single(e => e.Key == "ecs-refarch:services[0].maximumPercent");
        Assert.Multiple(() =>
        {
            Assert.That(error.Problem, Does.Contain($"a deployment of {stuckAt} task(s) could neither start a task"));
            Assert.That(error.Allowed, Is.EqualTo(allowed));
        });
    }

    [TestCase(1, 100, 200)]
    [TestCase(2, 100, 150)]
    [TestCase(1, 0, 101)]
    [TestCase(4, 75, 101)]
    public void Deployments_that_can_always_start_or_stop_a_task_pass(int minCount, int minHealthy, int maximumPercent)
    {
        var errors = RawConfig.From("dev")
            .WithServiceField(0, "minCount", minCount).WithServiceField(0, "desiredCount", Math.Max(minCount, 2)).WithServiceField(0, "maxCount", 6)
            .WithServiceField(0, "minimumHealthyPercent", minHealthy).WithServiceField(0, "maximumPercent", maximumPercent)
            .Errors();

        Assert.That(errors, Is.Empty, string.Join(Environment.NewLine, errors));
    }

    [Test]
    public void The_placement_the_services_use_is_one_AZ_rebalancing_works_with()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ServicePlacement.AvailabilityZoneRebalancing, Is.EqualTo("ENABLED"));
            Assert.That(ServicePlacement.RebalancingCompatible(ServicePlacement.Strategies), Is.True);
            Assert.That(ServicePlacement.Strategies[0], Is.EqualTo(new PlacementStrategy("spread", "attribute:ecs.availability-zone")));
            Assert.That(ServicePlacement.RebalancingCompatible([new("binpack", "memory"), new("spread", "attribute:ecs.availability-zone")]), Is.False, "binpack first");
            Assert.That(ServicePlacement.RebalancingCompatible([new("spread", "instanceId")]), Is.False, "spread over hosts first");
        });
    }
}
