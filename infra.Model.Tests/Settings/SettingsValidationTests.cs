namespace Infra.Model.Tests.Settings;

/// <summary>Settings rules beyond the bad-input catalogue (<see cref="BadInputCatalogueTests"/>): reporting, suggestions, tags, defaults.</summary>
public class SettingsValidationTests
{
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
