using System.Text.Json.Nodes;
using Infra.Model.Services;
using Infra.Model.Tests.Settings;

namespace Infra.Model.Tests.Services;

/// <summary>Each deployment strategy's settings and validation, and how they reach the ECS API.</summary>
public class DeploymentPlanTests
{
    private static DeploymentPlan Plan(StackSettings settings, string service) =>
        DeploymentPlan.For(settings, settings.Services.Single(s => s.Name == service));

    private static StackSettings WithDeployment(string stack, JsonObject deployment) =>
        RawConfig.From(stack).WithServiceField(0, "deployment", deployment).Load();

    [Test]
    public void Dev_rolls_and_prod_sends_a_canary_by_default()
    {
        var dev = Plan(StackFiles.Settings("dev"), "product-service");
        var prod = Plan(StackFiles.Settings("prod"), "product-service");

        Assert.Multiple(() =>
        {
            Assert.That(dev.ApiStrategy, Is.EqualTo("ROLLING"));
            Assert.That(dev.NeedsAlternateTargetGroup, Is.False);
            Assert.That(dev.BakeTimeInMinutes, Is.Null);
            Assert.That(dev.CanaryPercent, Is.Null);
            Assert.That(prod.ApiStrategy, Is.EqualTo("CANARY"));
            Assert.That(prod.NeedsAlternateTargetGroup, Is.True);
            Assert.That(prod.CanaryPercent, Is.EqualTo(10));
            Assert.That(prod.CanaryBakeTimeInMinutes, Is.EqualTo("10"));
            Assert.That(prod.BakeTimeInMinutes, Is.EqualTo("10"));
        });
    }

    [Test]
    public void A_canary_takes_its_share_and_minutes_from_the_settings()
    {
        var settings = WithDeployment("dev", new JsonObject { ["strategy"] = "canary", ["canaryPercent"] = 25, ["canaryBakeMinutes"] = 30, ["bakeMinutes"] = 0 });

        var plan = Plan(settings, "product-service");

        Assert.Multiple(() =>
        {
            Assert.That(plan.ApiStrategy, Is.EqualTo("CANARY"));
            Assert.That(plan.CanaryPercent, Is.EqualTo(25));
            Assert.That(plan.CanaryBakeTimeInMinutes, Is.EqualTo("30"));
            Assert.That(plan.BakeTimeInMinutes, Is.EqualTo("0"));
            Assert.That(plan.Describe(), Does.StartWith("canary 25 % for 30 min, then all"));
        });
    }

    [Test]
    public void Blue_green_shifts_everything_at_once_and_keeps_the_old_revision_for_the_bake_time()
    {
        var plan = Plan(WithDeployment("prod", new JsonObject { ["strategy"] = "blueGreen", ["bakeMinutes"] = 15 }), "product-service");

        Assert.Multiple(() =>
        {
            Assert.That(plan.ApiStrategy, Is.EqualTo("BLUE_GREEN"));
            Assert.That(plan.BakeTimeInMinutes, Is.EqualTo("15"));
            Assert.That(plan.CanaryPercent, Is.Null);
            Assert.That(plan.NeedsAlternateTargetGroup, Is.True);
        });
    }

    [Test]
    public void Prod_can_opt_a_service_back_to_rolling()
    {
        var settings = WithDeployment("prod", new JsonObject { ["strategy"] = "rolling" });

        Assert.Multiple(() =>
        {
            Assert.That(Plan(settings, "product-service").ApiStrategy, Is.EqualTo("ROLLING"));
            Assert.That(Plan(settings, "website-service").ApiStrategy, Is.EqualTo("CANARY"), "the other service keeps prod's default");
        });
    }

    [TestCase("dev", 2)]
    [TestCase("prod", 4)]
    public void Every_strategy_rolls_back_on_the_services_own_alarms(string stack, int alarms)
    {
        var plan = Plan(StackFiles.Settings(stack), "website-service");

        Assert.That(plan.RollbackAlarmNames, Has.Count.EqualTo(alarms).And.All.StartWith($"ecs-refarch-{stack}-website-service-"));
        Assert.That(plan.RollbackAlarmNames, Has.Some.EndsWith("-5xx-rate").And.Some.EndsWith("-unhealthy-hosts"));
    }

    [TestCase(1, true)]
    [TestCase(99, true)]
    [TestCase(0, false)]
    [TestCase(100, false)]
    public void Canary_shares_are_1_to_99_percent(int percent, bool valid)
    {
        var errors = RawConfig.From("dev").WithServiceField(0, "deployment", new JsonObject { ["strategy"] = "canary", ["canaryPercent"] = percent }).Errors();

        Assert.That(errors.Any(e => e.Key == "ecs-refarch:services[0].deployment.canaryPercent"), Is.EqualTo(!valid), string.Join("; ", errors));
    }

    [TestCase("canaryBakeMinutes", 0, true)]
    [TestCase("canaryBakeMinutes", 1440, true)]
    [TestCase("canaryBakeMinutes", 1441, false)]
    [TestCase("bakeMinutes", 1440, true)]
    [TestCase("bakeMinutes", -1, false)]
    public void Minutes_are_within_the_apis_0_to_1440(string field, int minutes, bool valid)
    {
        var errors = RawConfig.From("dev").WithServiceField(0, "deployment", new JsonObject { ["strategy"] = "canary", [field] = minutes }).Errors();

        Assert.That(errors.Any(e => e.Key == $"ecs-refarch:services[0].deployment.{field}"), Is.EqualTo(!valid), string.Join("; ", errors));
    }

    [TestCase(DeploymentStrategy.Canary)]
    [TestCase(DeploymentStrategy.BlueGreen)]
    public void Traffic_shifting_strategies_need_a_load_balanced_service(DeploymentStrategy strategy)
    {
        var deployment = DeploymentSettings.Rolling with { Strategy = strategy };

        Assert.Multiple(() =>
        {
            Assert.That(DeploymentPlan.Problem(deployment, loadBalanced: false), Does.Contain("has none"));
            Assert.That(DeploymentPlan.Problem(deployment, loadBalanced: true), Is.Null);
            Assert.That(DeploymentPlan.Problem(DeploymentSettings.Rolling, loadBalanced: false), Is.Null, "rolling needs no load balancer");
        });
    }

    [Test]
    public void All_problems_of_a_deployment_map_are_reported_at_once()
    {
        var errors = RawConfig.From("dev").WithServiceField(0, "deployment", new JsonObject
        {
            ["strategy"] = "blueGreen",
            ["canaryPercent"] = 150,
            ["bakeMinutes"] = 2000,
            ["bakeMinute"] = 5,
        }).Errors();

        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(new[]
        {
            "ecs-refarch:services[0].deployment.canaryPercent",
            "ecs-refarch:services[0].deployment.bakeMinutes",
            "ecs-refarch:services[0].deployment.bakeMinute",
        }));
    }
}
