namespace Infra.Model.Tests.Settings;

/// <summary>Each settings rule: a bad value is rejected with its key, the value given and what is allowed.</summary>
public class SettingsValidationTests
{
    private const string Services = "ecs-refarch:services";

    /// <summary>(case, stack, key set, value set, key named in the error, value named, a fragment of what is allowed).</summary>
    public static IEnumerable<TestCaseData> BadValues()
    {
        TestCaseData Case(string name, string stack, string key, string value, string errorKey, string? shownValue, string allowed) =>
            new TestCaseData(stack, key, value, errorKey, shownValue, allowed).SetName(name);

        yield return Case("malformed VPC CIDR", "dev", "vpcCidr", "10.180.0.0/33", "ecs-refarch:vpcCidr", "10.180.0.0/33", "a.b.c.d/n");
        yield return Case("VPC CIDR with host bits", "dev", "vpcCidr", "10.180.1.0/16", "ecs-refarch:vpcCidr", "10.180.1.0/16", "a.b.c.d/n");
        yield return Case("VPC prefix too large", "dev", "vpcCidr", "10.0.0.0/8", "ecs-refarch:vpcCidr", "10.0.0.0/8", "/16 to /28");
        yield return Case("VPC prefix too small", "dev", "vpcCidr", "10.0.0.0/29", "ecs-refarch:vpcCidr", "10.0.0.0/29", "/16 to /28");
        yield return Case("subnet outside the VPC", "dev", "publicSubnetCidrs", """["10.180.8.0/21","10.99.16.0/21"]""", "ecs-refarch:publicSubnetCidrs[1]", "10.99.16.0/21", "within 10.180.0.0/16");
        yield return Case("overlapping subnets", "dev", "privateSubnetCidrs", """["10.180.8.0/22","10.180.32.0/21"]""", "ecs-refarch:privateSubnetCidrs[0]", "10.180.8.0/22", "share no address");
        yield return Case("subnet count differs from AZ count", "dev", "privateSubnetCidrs", """["10.180.24.0/21"]""", "ecs-refarch:privateSubnetCidrs", "10.180.24.0/21", "exactly 2 CIDRs");
        yield return Case("subnet prefix not larger than the VPC's", "dev", "subnetPrefixLength", "16", "ecs-refarch:subnetPrefixLength", "16", "/17 to /28");
        yield return Case("one AZ", "dev", "availabilityZoneCount", "1", "ecs-refarch:availabilityZoneCount", "1", "from 2 to 16");
        yield return Case("AZ count not a number", "dev", "availabilityZoneCount", "two", "ecs-refarch:availabilityZoneCount", "two", "an integer");
        yield return Case("unknown NAT mode", "dev", "natGateways", "perAz", "ecs-refarch:natGateways", "perAz", "single, onePerAz");
        yield return Case("instance type without a size", "dev", "instanceType", "t3large", "ecs-refarch:instanceType", "t3large", "family.size");
        yield return Case("unknown instance type", "dev", "instanceType", "zz9.huge", "ecs-refarch:instanceType", "zz9.huge", "t3");
        yield return Case("min above max", "dev", "minSize", "5", "ecs-refarch:minSize", "5", "at most maxSize (4)");
        yield return Case("desired above max", "dev", "desiredCapacity", "9", "ecs-refarch:desiredCapacity", "9", "from 2 to 4");
        yield return Case("prod hosts fewer than AZs", "prod", "minSize", "2", "ecs-refarch:minSize", "2", "at least 3 in prod");
        yield return Case("retention not a CloudWatch period", "dev", "logRetentionDays", "10", "ecs-refarch:logRetentionDays", "10", "1, 3, 5, 7, 14");
        yield return Case("HTTPS without a certificate", "dev", "httpsEnabled", "true", "ecs-refarch:certificateArn", null, "an ACM certificate ARN");
        yield return Case("certificate of another service", "prod", "certificateArn", "arn:aws:iam::123456789012:server-certificate/x", "ecs-refarch:certificateArn", "arn:aws:iam::123456789012:server-certificate/x", "arn:aws:acm:");
        yield return Case("certificate of another region", "prod", "certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123", "ecs-refarch:certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123", "in us-east-1");
        yield return Case("not a boolean", "dev", "deletionProtection", "yes", "ecs-refarch:deletionProtection", "yes", "true or false");
        yield return Case("idle timeout out of range", "dev", "idleTimeoutSeconds", "5000", "ecs-refarch:idleTimeoutSeconds", "5000", "from 1 to 4000");
        yield return Case("unknown desync mode", "dev", "desyncMitigationMode", "monitor", "ecs-refarch:desyncMitigationMode", "monitor", "defensive, strictest");
        yield return Case("malformed WAF ARN", "dev", "wafWebAclArn", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/y", "ecs-refarch:wafWebAclArn", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/y", "regional/webacl");
        yield return Case("unknown key (typo)", "dev", "instanceTyp", "t3.small", "ecs-refarch:instanceTyp", "t3.small", "declared in Pulumi.yaml");
        yield return Case("bad region", "dev", "aws:region", "useast1", "aws:region", "useast1", "us-east-1");
        yield return Case("root volume below the AMI's", "dev", "rootVolumeSizeGiB", "8", "ecs-refarch:rootVolumeSizeGiB", "8", "from 30 to 16384");
        yield return Case("SSL policy not an ELB policy", "prod", "sslPolicy", "TLSv1.3", "ecs-refarch:sslPolicy", "TLSv1.3", "ELBSecurityPolicy-");
        yield return Case("allowed ingress not a CIDR", "dev", "allowedIngressCidrs", """["0.0.0.0"]""", "ecs-refarch:allowedIngressCidrs[0]", "0.0.0.0", "a.b.c.d/n");
        yield return Case("services not a list", "dev", Services, """{"name":"x"}""", Services, """{"name":"x"}""", "a YAML list of service maps");
    }

    [TestCaseSource(nameof(BadValues))]
    public void Bad_value_is_rejected_with_key_value_and_allowed(string stack, string key, string value, string errorKey, string? shownValue, string allowed)
    {
        var errors = RawConfig.From(stack).With(key, value).Errors();

        var error = errors.FirstOrDefault(e => e.Key == errorKey);
        Assert.That(error, Is.Not.Null, $"no error for {errorKey}; got:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        Assert.Multiple(() =>
        {
            Assert.That(error!.Value, Is.EqualTo(shownValue));
            Assert.That(error.Allowed, Does.Contain(allowed));
            Assert.That(error.ToString(), Does.Contain(errorKey).And.Contain(allowed));
        });
    }

    [Test]
    public void Five_problems_are_reported_together()
    {
        var errors = RawConfig.From("dev")
            .With("vpcCidr", "10.0.0.0/33")
            .With("natGateways", "many")
            .With("minSize", "7")
            .With("logRetentionDays", "8")
            .With("instanceTyp", "t3.small")
            .Errors();

        Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[]
        {
            "ecs-refarch:vpcCidr", "ecs-refarch:natGateways", "ecs-refarch:minSize", "ecs-refarch:logRetentionDays", "ecs-refarch:instanceTyp",
        }));
    }

    [Test]
    public void The_exception_lists_every_problem_and_says_nothing_was_created()
    {
        var config = RawConfig.From("dev").With("natGateways", "many").With("logRetentionDays", "8");

        var exception = Assert.Throws<SettingsValidationException>(() => config.Load());

        Assert.That(exception!.Message, Does.Contain("2 problem(s); nothing was created")
            .And.Contain("ecs-refarch:natGateways = 'many'")
            .And.Contain("ecs-refarch:logRetentionDays = '8'"));
    }

    [Test]
    public void A_typo_is_answered_with_the_key_it_resembles()
    {
        var error = RawConfig.From("dev").With("minSzie", "2").Errors().Single();

        Assert.That(error.Problem, Does.Contain("did you mean 'ecs-refarch:minSize'"));
    }

    [Test]
    public void Missing_environment_is_an_error_not_a_silent_default()
    {
        var error = RawConfig.From("dev").Without("environment").Errors().Single();

        Assert.That(error, Has.Property(nameof(ConfigError.Key)).EqualTo("ecs-refarch:environment")
            .And.Property(nameof(ConfigError.Allowed)).EqualTo("dev, prod"));
    }

    [Test]
    public void Owner_tag_is_required()
    {
        var error = RawConfig.From("dev").With("aws:defaultTags", """{"tags":{"project":"ecs-refarch"}}""").Errors().Single();

        Assert.That(error.Key, Is.EqualTo("aws:defaultTags.tags.owner"));
    }

    [Test]
    public void A_stack_tag_that_names_another_stack_is_rejected()
    {
        var error = RawConfig.From("dev").With("aws:defaultTags", """{"tags":{"owner":"a","stack":"prod"}}""").Errors().Single();

        Assert.That(error, Has.Property(nameof(ConfigError.Key)).EqualTo("aws:defaultTags.tags.stack")
            .And.Property(nameof(ConfigError.Value)).EqualTo("prod"));
    }

    [Test]
    public void More_AZs_than_the_region_offers_is_rejected_when_the_region_is_known()
    {
        var error = RawConfig.From("prod").Errors(regionZones: ["us-west-1a", "us-west-1c"]).Single();

        Assert.That(error.Key, Is.EqualTo("ecs-refarch:availabilityZoneCount"));
        Assert.That(error.Allowed, Is.EqualTo("from 2 to 2"));
    }

    [Test]
    public void A_stack_name_too_long_for_the_load_balancer_name_is_rejected()
    {
        var raw = StackFiles.Raw("dev");
        raw["aws:defaultTags"] = """{"tags":{"owner":"a"}}""";

        var errors = SettingsLoader.TryLoad(raw, "a-very-long-stack-name-x").Errors;

        Assert.That(errors.Select(e => e.Key), Does.Contain("stack name"));
        Assert.That(errors.First(e => e.Key == "stack name").Problem, Does.Contain("32"));
    }

    [Test]
    public void Prod_defaults_apply_when_a_prod_stack_leaves_keys_out()
    {
        var raw = RawConfig.From("prod");
        foreach (var key in ConfigKeys.All.Where(k => k.EnvironmentDefault is not null))
        {
            raw.Without(key.Name);
        }

        var settings = raw.With("certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc").Load();

        Assert.Multiple(() =>
        {
            Assert.That(settings.Network.NatGateways, Is.EqualTo(EnvironmentDefaults.Prod.NatGateways));
            Assert.That(settings.LoadBalancer.DeletionProtection, Is.True);
            Assert.That(settings.Logging.RetentionDays, Is.EqualTo(365));
            Assert.That(settings.Cluster.MinSize, Is.EqualTo(EnvironmentDefaults.Prod.MinSize));
        });
    }
}
