using System.Text.Json.Nodes;
using Infra.Model.Policy;

namespace Infra.Tests;

/// <summary>
/// The security and reliability checklist over the real program under the mocked engine: both committed stacks
/// pass every check, a weakened prod configuration fails exactly the checks it weakens, and an invalid
/// configuration stops the program before any resource is registered.
/// </summary>
public class PolicyTests
{
    [TestCase("dev")]
    [TestCase("prod")]
    public async Task The_whole_stack_passes_every_check_that_applies(string stack)
    {
        var (violations, checkedIds) = await EvaluateAsync(TestConfig.From(stack));

        TestContext.Out.WriteLine($"{stack}: checked {string.Join(", ", checkedIds)}");
        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    [TestCase("httpsEnabled", "false", new[] { "L1", "L2" })]
    [TestCase("logRetentionDays", "7", new[] { "G1" })]
    [TestCase("deletionProtection", "false", new[] { "L6" })]
    [TestCase("accessLogsEnabled", "false", new[] { "L5" })]
    public async Task A_weakened_prod_setting_fails_exactly_its_checks(string key, string value, string[] expected)
    {
        var (violations, _) = await EvaluateAsync(TestConfig.From("prod").With(key, value));

        Assert.That(violations.Select(v => v.Id).Distinct(), Is.EquivalentTo(expected), string.Join(Environment.NewLine, violations));
    }

    [Test]
    public async Task A_prod_service_deploying_rolling_fails_exactly_O4_on_its_strategy()
    {
        var config = TestConfig.From("prod");
        var services = JsonNode.Parse(config.Values[ConfigKeys.Full(ConfigKeys.Services)])!.AsArray();
        services[0]!["deployment"] = new JsonObject { ["strategy"] = "rolling" };

        var (violations, _) = await EvaluateAsync(config.With(ConfigKeys.Services, services.ToJsonString()));

        Assert.That(violations.Select(v => (v.Id, v.Resource, v.Property)), Is.EqualTo(new[] { ("O4", "product-service-ecs", "deploymentConfiguration.strategy") }), string.Join(Environment.NewLine, violations));
    }

    [Test]
    public async Task A_prod_stack_weakened_everywhere_fails_exactly_the_prod_checks()
    {
        var config = TestConfig.WeakenedProd();

        var (violations, _) = await EvaluateAsync(config);

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, violations));
        Assert.That(violations.Select(v => v.Id).Distinct(), Is.EquivalentTo(new[] { "L1", "L2", "L5", "L6", "G1" }));
        Assert.That(violations.Where(v => v.Id == "G1").Select(v => v.Property), Has.All.EqualTo("retentionInDays"));
    }

    [Test]
    public async Task An_invalid_configuration_fails_before_any_resource_is_registered()
    {
        var config = TestConfig.From("dev")
            .With("vpcCidr", "10.0.0.0/8")
            .With("natGateways", "many")
            .With("logRetentionDays", "10")
            .With("instanceTyp", "t3.small");
        var mocks = new MockedAws();

        // The engine logs the program's exception; TestAsync rethrows it as RunException (AggregateException of them when several).
        var exception = await Assert.CatchAsync(async () => await StackRun.RunAsync(config, mocks));

        Assert.That(exception, Is.Not.Null);
        Assert.That(exception!.ToString(), Does.Contain("nothing was created")
            .And.Contain("ecs-refarch:vpcCidr = '10.0.0.0/8'")
            .And.Contain("ecs-refarch:natGateways = 'many'")
            .And.Contain("ecs-refarch:logRetentionDays = '10'")
            .And.Contain("ecs-refarch:instanceTyp = 't3.small'"));
        Assert.That(mocks.Registered, Is.Empty, "resources registered before validation: " + string.Join(", ", mocks.Registered.Select(r => $"{r.Type} {r.Name}")));
    }

    /// <summary>Runs the program with a configuration and checks its planned resources in the context its settings imply.</summary>
    private static async Task<(IReadOnlyList<Violation> Violations, IReadOnlyList<string> CheckedIds)> EvaluateAsync(TestConfig config)
    {
        var run = await StackRun.SharedAsync(config);
        var context = PolicyContext.For(SettingsLoader.Load(config.Values, config.Stack, MockedAws.Zones));
        return (PolicyEngine.Evaluate(run.Planned(), context), [.. PolicyEngine.ChecksFor(context).Select(c => c.Id)]);
    }
}
