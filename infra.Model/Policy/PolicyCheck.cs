using Infra.Model.Settings;

namespace Infra.Model.Policy;

/// <summary>Where a rule applies.</summary>
public enum PolicyScope
{
    /// <summary>Every stack, dev and prod alike.</summary>
    EveryStack,

    /// <summary>Prod only: dev skips it on purpose (cost, teardown, no certificate).</summary>
    ProdOnly,

    /// <summary>Every stack, with a stricter threshold in prod.</summary>
    EveryStackStricterInProd,
}

/// <summary>
/// One checklist rule as code: its ID, the rule as the checklist states it, where it applies, and what it can and
/// cannot see in the planned resources (the mocked engine shows inputs only, and leaves out values unknown at plan
/// time; remote components such as <c>awsx:ec2:Vpc</c> show their inputs, not their children).
/// </summary>
public abstract class PolicyCheck(string id, PolicyScope scope, string rule, string description)
{
    public string Id { get; } = id;

    public PolicyScope Scope { get; } = scope;

    public string Rule { get; } = rule;

    public string Description { get; } = description;

    /// <summary>
    /// True when the check judges each resource by that resource's own inputs: a value unknown at plan time elsewhere
    /// cannot change its verdict on another resource. False (the default) when it relates resources (a rule to its
    /// group, a bucket to its encryption, flow logs to VPCs): then a value it could not see anywhere leaves every
    /// verdict it would give unknown.
    /// </summary>
    public virtual bool JudgesEachResourceAlone => false;

    public bool AppliesTo(EnvironmentKind environment) => Scope != PolicyScope.ProdOnly || environment == EnvironmentKind.Prod;

    public abstract IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context);

    protected Violation Flag(PlannedResource resource, string property, string fix) => new(Id, resource.Name, property, fix);

    protected Violation Flag(string resource, string property, string fix) => new(Id, resource, property, fix);
}
