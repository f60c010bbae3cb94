using Infra.Model.Compute;

namespace Infra.Model.Tests.Compute;

/// <summary>Host sizing, AMI choice, replacement and scaling, as the Cluster component receives them.</summary>
public class ClusterPlanTests
{
    private const string X64Ami = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";
    private const string Arm64Ami = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id";

    [TestCase("t4g.small", Arm64Ami)]
    [TestCase("m7g.large", Arm64Ami)]
    [TestCase("c6g.large", Arm64Ami)]
    [TestCase("t3.small", X64Ami)]
    [TestCase("t3a.medium", X64Ami)]
    [TestCase("m7i.large", X64Ami)]
    public void The_AMI_parameter_follows_the_instance_architecture(string instanceType, string parameter)
    {
        var plan = ClusterPlan.For(RawConfig.From("dev").With("instanceType", instanceType).Load());

        Assert.That(plan.AmiParameter, Is.EqualTo(parameter));
        Assert.That(plan.Instance.Name, Is.EqualTo(instanceType));
    }

    [Test]
    public void Sizes_come_from_the_stack_files()
    {
        var dev = ClusterPlan.For(StackFiles.Settings("dev"));
        var prod = ClusterPlan.For(StackFiles.Settings("prod"));

        Assert.That((dev.Instance.Name, dev.MinSize, dev.MaxSize, dev.DesiredCapacity), Is.EqualTo(("t3.small", 2, 4, 2)));
        Assert.That((prod.Instance.Name, prod.MinSize, prod.MaxSize, prod.DesiredCapacity), Is.EqualTo(("t3.large", 3, 9, 3)));
        Assert.That((dev.DetailedMonitoring, prod.DetailedMonitoring), Is.EqualTo((false, true)));
    }

    [Test]
    public void The_root_volume_is_encrypted_gp3_on_the_AMIs_root_device_sized_from_settings()
    {
        var plan = ClusterPlan.For(RawConfig.From("dev").With("rootVolumeSizeGiB", "50").Load());

        Assert.That(plan.RootVolume, Is.EqualTo(new RootVolumePlan("/dev/xvda", "gp3", 50, Encrypted: true, DeleteOnTermination: true)));
    }

    [Test]
    public void Prod_keeps_every_host_during_a_refresh_by_launching_replacements_first()
    {
        var refresh = ClusterPlan.For(StackFiles.Settings("prod")).InstanceRefresh;

        Assert.That(refresh.Strategy, Is.EqualTo("Rolling"));
        Assert.That(refresh.MinHealthyPercent, Is.EqualTo(100));
        Assert.That(refresh.MaxHealthyPercent, Is.EqualTo(200));
    }

    [TestCase("50", 50)]
    [TestCase("0", 0)]
    [TestCase("90", 90)]
    public void Below_100_percent_a_refresh_terminates_first_and_needs_no_extra_capacity(string setting, int minHealthy)
    {
        var refresh = ClusterPlan.For(RawConfig.From("dev").With("instanceRefreshMinHealthyPercent", setting).Load()).InstanceRefresh;

        Assert.That(refresh.MinHealthyPercent, Is.EqualTo(minHealthy));
        Assert.That(refresh.MaxHealthyPercent, Is.EqualTo(100));
        Assert.That(refresh.MaxHealthyPercent - refresh.MinHealthyPercent, Is.InRange(0, 100), "AWS allows at most 100 points between them");
    }

    [Test]
    public void A_refresh_replaces_hosts_that_ECS_protects_from_scale_in()
    {
        // Managed termination protection protects every host with tasks; "Ignore" (the default) would skip them all.
        Assert.That(ClusterPlan.For(StackFiles.Settings("dev")).InstanceRefresh.ScaleInProtectedInstances, Is.EqualTo("Refresh"));
    }

    [Test]
    public void Managed_scaling_targets_the_configured_utilisation_and_steps_up_to_the_groups_headroom()
    {
        var dev = ClusterPlan.For(RawConfig.From("dev").With("targetCapacityPercent", "80").Load()).ManagedScaling;
        var prod = ClusterPlan.For(StackFiles.Settings("prod")).ManagedScaling;

        Assert.That(dev, Is.EqualTo(new ManagedScalingPlan(80, 1, 2, ClusterPlan.InstanceWarmupSeconds)));
        Assert.That(prod, Is.EqualTo(new ManagedScalingPlan(100, 1, 6, ClusterPlan.InstanceWarmupSeconds)));
    }

    [Test]
    public void A_fixed_size_group_still_gets_a_valid_step_size()
    {
        var scaling = ClusterPlan.For(RawConfig.From("dev").With("minSize", "3").With("maxSize", "3").With("desiredCapacity", "3").Load()).ManagedScaling;

        Assert.That((scaling.MinimumStepSize, scaling.MaximumStepSize), Is.EqualTo((1, 1)));
    }

    [Test]
    public void Hosts_are_health_checked_by_EC2_with_the_configured_grace()
    {
        var plan = ClusterPlan.For(RawConfig.From("dev").With("instanceHealthCheckGracePeriodSeconds", "600").Load());

        Assert.That(ClusterPlan.HealthCheckType, Is.EqualTo("EC2"));
        Assert.That(plan.HealthCheckGracePeriodSeconds, Is.EqualTo(600));
    }

    [Test]
    public void Container_insights_comes_from_settings()
    {
        Assert.That(ClusterPlan.For(StackFiles.Settings("dev")).ContainerInsights, Is.EqualTo("enabled"));
        Assert.That(ClusterPlan.For(RawConfig.From("dev").With("containerInsights", "enhanced").Load()).ContainerInsights, Is.EqualTo("enhanced"));
    }

    [Test]
    public void Instance_log_groups_are_named_per_project_stack_and_file()
    {
        Assert.That(ClusterPlan.For(StackFiles.Settings("dev")).InstanceLogGroupNames, Is.EqualTo(new[]
        {
            "/ec2/ecs-refarch/dev/messages",
            "/ec2/ecs-refarch/dev/secure",
            "/ec2/ecs-refarch/dev/ecs-init",
            "/ec2/ecs-refarch/dev/ecs-agent",
            "/ec2/ecs-refarch/dev/ecs-audit",
        }));
        Assert.That(ClusterPlan.For(StackFiles.Settings("prod")).InstanceLogGroupNames, Has.All.StartsWith("/ec2/ecs-refarch/prod/"));
    }

    [Test]
    public void Log_retention_and_key_come_from_the_logging_settings()
    {
        const string Key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var plan = ClusterPlan.For(RawConfig.From("dev").With("logRetentionDays", "30").With("logKmsKeyArn", Key).Load());

        Assert.That((plan.LogRetentionDays, plan.LogKmsKeyArn), Is.EqualTo((30, Key)));
        Assert.That(ClusterPlan.For(StackFiles.Settings("prod")).LogRetentionDays, Is.EqualTo(365));
    }

    [Test]
    public void Hosts_and_volumes_carry_the_stack_tags_and_a_name()
    {
        var tags = ClusterPlan.For(StackFiles.Settings("prod")).HostTags;

        Assert.That(tags, Does.ContainKey("project").WithValue("ecs-refarch"));
        Assert.That(tags, Does.ContainKey("stack").WithValue("prod"));
        Assert.That(tags, Does.ContainKey("owner").WithValue("platform-team"));
        Assert.That(tags, Does.ContainKey("Name").WithValue("ecs-refarch-prod-ecs-host"));
    }

    [Test]
    public void The_group_carries_the_stack_tags_and_the_template_tags_everything_the_group_launches()
    {
        var settings = RawConfig.From("dev").With("aws:defaultTags", """{"tags":{"owner":"team-a","cost-center":"42"}}""").Load();
        var plan = ClusterPlan.For(settings);

        Assert.Multiple(() =>
        {
            Assert.That(plan.GroupTags, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["project"] = "ecs-refarch",
                ["stack"] = "dev",
                ["owner"] = "team-a",
                ["cost-center"] = "42",
            }), "every default tag, and no host Name on the group");
            Assert.That(ClusterPlan.TaggedLaunchResourceTypes, Is.EquivalentTo(new[] { "instance", "volume", "network-interface" }));
        });
    }

    [Test]
    public void The_default_container_stop_timeout_is_the_longest_a_service_asks_for()
    {
        var settings = StackFiles.Settings("dev");
        var longer = settings with { Services = [settings.Services[0], settings.Services[1] with { StopTimeoutSeconds = 90 }] };

        Assert.That(ClusterPlan.For(settings).ContainerStopTimeoutSeconds, Is.EqualTo(30));
        Assert.That(ClusterPlan.For(longer).ContainerStopTimeoutSeconds, Is.EqualTo(90));
    }
}
