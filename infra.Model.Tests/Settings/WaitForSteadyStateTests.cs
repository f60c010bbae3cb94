using System.Text.Json.Nodes;

namespace Infra.Model.Tests.Settings;

/// <summary>
/// waitForSteadyState makes <c>pulumi up</c> wait for each ECS deployment to settle and fail when it does not (a
/// service whose tasks never pass their health check, rolled back by the circuit breaker). The stack-level key sets
/// it for every service; a service's own field overrides it.
/// </summary>
public class WaitForSteadyStateTests
{
    [TestCase("dev")]
    [TestCase("prod")]
    public void Off_for_every_service_unless_configured(string stack)
    {
        var services = StackFiles.Settings(stack).Services;

        Assert.That(services.Select(s => (s.Name, s.WaitForSteadyState)), Is.EqualTo(services.Select(s => (s.Name, (bool?)false))));
    }

    [Test]
    public void The_stack_setting_turns_it_on_for_every_service()
    {
        var settings = RawConfig.From("prod").With(ConfigKeys.WaitForSteadyState, "true").Load();

        Assert.That(settings.Services.Select(s => s.Name), Is.EquivalentTo(new[] { "product-service", "website-service" }));
        Assert.That(settings.Services.Select(s => s.WaitForSteadyState), Is.All.True);
    }

    [Test]
    public void A_service_field_overrides_the_stack_setting_either_way()
    {
        var offForOne = RawConfig.From("dev").WithServiceField(0, "waitForSteadyState", false).With(ConfigKeys.WaitForSteadyState, "true").Load();
        var onForOne = RawConfig.From("dev").WithServiceField(1, "waitForSteadyState", true).Load();

        Assert.Multiple(() =>
        {
            Assert.That(offForOne.Services.Select(s => s.WaitForSteadyState), Is.EqualTo(new bool?[] { false, true }));
            Assert.That(onForOne.Services.Select(s => s.WaitForSteadyState), Is.EqualTo(new bool?[] { false, true }));
        });
    }

    [Test]
    public void A_value_that_is_not_a_boolean_is_rejected_with_the_key_and_what_is_allowed()
    {
        var error = RawConfig.From("dev").With(ConfigKeys.WaitForSteadyState, "yes").Errors().Single();

        Assert.That(error.ToString(), Does.Contain("ecs-refarch:waitForSteadyState").And.Contain("'yes'").And.Contain("true or false"));
    }

    [Test]
    public void A_service_field_that_is_not_a_boolean_is_rejected_at_its_position()
    {
        var error = RawConfig.From("dev").WithServiceField(1, "waitForSteadyState", JsonValue.Create("yes")).Errors().Single();

        Assert.That(error.Key, Is.EqualTo(ConfigKeys.ServiceKey(1, "waitForSteadyState")));
    }
}
