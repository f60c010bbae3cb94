using Infra.Model.Policy;

namespace Infra.Model.Tests.Policy;

/// <summary>The engine as a whole: exactly the checklist's IDs, each with its rule, scope and what it can see.</summary>
public class PolicyEngineTests
{
    private static readonly string[] ChecklistIds =
    [
        "N1", "N2", "N3", "N4", "N5", "N6",
        "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8",
        "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9",
        "E1", "E2", "E3", "E4", "E5", "E6", "E7", "E8", "E9", "E10",
        "I1", "I2", "I3", "I4", "I5", "I6",
        "G1", "G2", "G3",
        "O1", "O2", "O3", "O4",
        "N7", "L10", "E11",
    ];

    [Test]
    public void The_engine_checks_exactly_the_checklist_ids()
    {
        // N1–N7, C1–C8, L1–L10, E1–E11, I1–I6, G1–G3, O1–O4: 7 + 8 + 10 + 11 + 6 + 3 + 4.
        Assert.That(ChecklistIds, Has.Length.EqualTo(49));
        Assert.That(PolicyEngine.Ids, Is.EquivalentTo(ChecklistIds).And.Unique);
    }

    [Test]
    public void Only_L1_L2_L5_L6_and_O4_are_prod_only_and_G1_is_stricter_in_prod()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PolicyEngine.Checks.Where(c => c.Scope == PolicyScope.ProdOnly).Select(c => c.Id), Is.EquivalentTo(new[] { "L1", "L2", "L5", "L6", "O4" }));
            Assert.That(PolicyEngine.Checks.Where(c => c.Scope == PolicyScope.EveryStackStricterInProd).Select(c => c.Id), Is.EquivalentTo(new[] { "G1" }));
            Assert.That(PolicyEngine.ChecksFor(PolicyContext.Dev).Select(c => c.Id), Does.Not.Contain("L1").And.Not.Contain("L6").And.Contain("G1"));
            Assert.That(PolicyEngine.ChecksFor(PolicyContext.Prod), Has.Count.EqualTo(PolicyEngine.Checks.Count));
        });
    }

    [Test]
    public void Every_check_states_its_rule_and_what_it_can_see()
    {
        Assert.That(PolicyEngine.Checks, Has.All.Matches<PolicyCheck>(c => c is { } check && check.Rule.Length > 5 && check.Description.Length > 40));
    }

    [Test]
    public void The_context_of_a_stack_comes_from_its_settings()
    {
        var settings = ServiceValidationTestsAccess.WithReadonlyRootOff(0)
            .With("wafWebAclArn", PlanFixture.WebAclArn)
            .With("logKmsKeyArn", PlanFixture.KmsKeyArn)
            .Load();

        var context = PolicyContext.For(settings);

        Assert.Multiple(() =>
        {
            Assert.That(context.Environment, Is.EqualTo(EnvironmentKind.Dev));
            Assert.That(context.WafWebAclArn, Is.EqualTo(PlanFixture.WebAclArn));
            Assert.That(context.LogKmsKeyArn, Is.EqualTo(PlanFixture.KmsKeyArn));
            Assert.That(context.WritableRootContainers, Is.EquivalentTo(new[] { "product-service" }));
            Assert.That(context.ExpectedTagKeys, Is.EquivalentTo(new[] { "project", "stack", "owner" }));
        });
    }
}

/// <summary>Config helpers shared with the settings tests.</summary>
internal static class ServiceValidationTestsAccess
{
    public static RawConfig WithReadonlyRootOff(int service) =>
        Settings.ServiceValidationTests.WithServiceField(service, "readonlyRootFilesystem", false);
}
