using Infra.Model.Policy;

namespace Infra.Model.Tests.Policy;

/// <summary>Waivers: each suppresses exactly its check on its resource until it expires; expired and unused ones are reported.</summary>
public class PolicyWaiversTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    /// <summary>Prod with deletion protection off on the ALB and a short retention on the service's log group.</summary>
    private static PolicyVerdicts Weakened() => PolicyEvaluation.Evaluate(
        PlanFixture.Prod()
            .Change("edge-alb", r => r.With("enableDeletionProtection", false))
            .Change("product-service-logs", r => r.With("retentionInDays", 7))
            .Change("network-flow-logs", r => r.With("retentionInDays", 7))
            .Resources,
        PolicyContext.Prod);

    private static IReadOnlyList<PolicyWaiver> Parse(string yaml)
    {
        var (waivers, problems) = PolicyWaivers.Parse(yaml, PolicyEngine.Ids);
        Assert.That(problems, Is.Empty);
        return waivers;
    }

    [Test]
    public void A_waiver_suppresses_exactly_its_check_on_its_resource()
    {
        var waivers = Parse("""
            waivers:
              - check: G1
                resource: product-service-logs
                reason: short retention while the log pipeline moves (CHG-1234)
                expires: 2026-12-31
            """);

        var result = PolicyWaivers.Apply(Weakened(), waivers, "prod", Today);

        Assert.Multiple(() =>
        {
            Assert.That(result.Waived.Select(w => (w.Violation.Id, w.Violation.Resource)), Is.EqualTo(new[] { ("G1", "product-service-logs") }));
            // The same check on another resource, and another check, still count.
            Assert.That(result.Violations.Select(v => (v.Id, v.Resource)), Is.EquivalentTo(new[] { ("G1", "network-flow-logs"), ("L6", "edge-alb") }));
            Assert.That(result.Problems, Is.Empty);
        });
    }

    [Test]
    public void A_waiver_holds_through_its_expiry_date_and_not_a_day_longer()
    {
        var waivers = Parse("""
            waivers:
              - check: L6
                resource: edge-alb
                reason: ALB rebuilt this week
                expires: 2026-12-01
            """);

        var onTheDay = PolicyWaivers.Apply(Weakened(), waivers, "prod", Today);
        var dayAfter = PolicyWaivers.Apply(Weakened(), waivers, "prod", Today.AddDays(1));

        Assert.Multiple(() =>
        {
            Assert.That(onTheDay.Violations.Select(v => v.Id), Does.Not.Contain("L6"));
            Assert.That(dayAfter.Violations.Select(v => (v.Id, v.Resource)), Does.Contain(("L6", "edge-alb")));
            Assert.That(dayAfter.Waived, Is.Empty);
            Assert.That(dayAfter.Problems.Single().Problem, Does.StartWith("expired on 2026-12-01"));
        });
    }

    [Test]
    public void A_waiver_that_matches_nothing_is_reported_and_a_waiver_for_another_stack_is_ignored()
    {
        var waivers = Parse("""
            waivers:
              - check: L5
                resource: edge-alb
                reason: access logs not needed
                expires: 2027-06-30
              - check: L6
                resource: edge-alb
                stack: dev
                reason: dev is torn down nightly
                expires: 2027-06-30
            """);

        var result = PolicyWaivers.Apply(Weakened(), waivers, "prod", Today);

        Assert.Multiple(() =>
        {
            Assert.That(result.Problems.Select(p => (p.Waiver.Id, p.Problem)), Is.EqualTo(new[] { ("L5", "matched no violation: the resource complies (or is named differently); remove the waiver") }));
            Assert.That(result.Violations.Select(v => v.Id), Does.Contain("L6"), "the dev-only waiver does not cover prod");
        });
    }

    [Test]
    public void Every_problem_in_a_waivers_file_is_reported_with_its_line()
    {
        var (waivers, problems) = PolicyWaivers.Parse(
            """
            waivers:
              - check: X9
                resource: edge-alb
                reason: typo
                expires: 2027-01-01
              - check: L6
                reason: no resource
                expires: next week
                owner: someone
            """,
            PolicyEngine.Ids);

        Assert.Multiple(() =>
        {
            Assert.That(waivers, Is.Empty);
            Assert.That(problems, Has.Some.StartsWith("line 2: check = 'X9' is not a checklist ID"));
            Assert.That(problems, Has.Some.StartsWith("line 6: resource is required"));
            Assert.That(problems, Has.Some.StartsWith("line 8: expires = 'next week' is not a date (yyyy-MM-dd)"));
            Assert.That(problems, Has.Some.StartsWith("line 9: unknown field 'owner'"));
        });
    }

    [TestCase("waivers: [", "not valid YAML")]
    [TestCase("- check: L6", "must hold a 'waivers:' list")]
    [TestCase("waivers: L6", "must be a list")]
    public void A_malformed_waivers_file_is_refused(string yaml, string problem)
    {
        var (_, problems) = PolicyWaivers.Parse(yaml, PolicyEngine.Ids);

        Assert.That(problems, Has.Some.Contains(problem));
    }

    [Test]
    public void An_empty_waivers_list_waives_nothing()
    {
        var (waivers, problems) = PolicyWaivers.Parse("waivers: []\n", PolicyEngine.Ids);

        Assert.That(waivers, Is.Empty);
        Assert.That(problems, Is.Empty);
    }
}
