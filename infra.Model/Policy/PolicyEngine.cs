namespace Infra.Model.Policy;

/// <summary>
/// The security and reliability checklist (README §"Security and reliability"), one check per ID, run over the
/// planned resources of a stack. Pulumi-free: the mocked engine's registrations and hand-built fixtures alike.
/// </summary>
public static class PolicyEngine
{
    public static IReadOnlyList<PolicyCheck> Checks { get; } =
    [
        new N1VpcFlowLogs(), new N2DefaultSecurityGroupEmpty(), new N3NoPublicIpOnHostSubnets(), new N4NoWorldIngressButAlb(),
        new N5HostIngressOnlyFromAlb(), new N6ExplicitEgress(),
        new C1Imdsv2Required(), new C2HopLimitOne(), new C3NoPublicIp(), new C4EbsEncrypted(), new C5NoSecretsInUserData(),
        new C6LaunchTemplate(), new C7TwoZones(), new C8AsgHealthCheck(),
        new L1HttpRedirectsToHttps(), new L2Tls13AndCertificate(), new L3DropInvalidHeaders(), new L4DesyncMitigation(),
        new L5AccessLogs(), new L6DeletionProtection(), new L7AlbTwoZones(), new L8WafAssociation(), new L9TargetGroupHealthCheck(),
        new E1ContainerInsights(), new E2NoPrivileged(), new E3ReadOnlyRoot(), new E4NoHostPidIpc(), new E5NoHostNetwork(),
        new E6NoSecretsInEnvironment(), new E7LogsToOwnedGroup(), new E8TaskRoleNotExecutionRole(),
        new E9ManagedTerminationAndDraining(), new E10CircuitBreaker(),
        new I1NoActionStar(), new I2NoServiceStar(), new I3NoPassRoleOnStar(), new I4ResourceStarOnlyWhereRequired(),
        new I5SingleServicePrincipal(), new I6NoAdminManagedPolicies(),
        new G1LogRetention(), new G2EncryptionAtRest(), new G3DefaultTags(),
        new O1ServiceAlarms(), new O2AlarmActions(), new O3AlarmTopicEncrypted(), new O4RollbackOnAlarms(),
        new N7HostEgressToInternetOnlyHttps(), new L10UrlsNameTheirCertificate(), new E11ServiceUrlsInsideTheVpc(),
    ];

    public static IReadOnlyList<string> Ids { get; } = [.. Checks.Select(c => c.Id)];

    public static PolicyCheck Check(string id) => Checks.Single(c => c.Id == id);

    /// <summary>The checks that apply to the context's environment (prod-only ones are skipped in dev).</summary>
    public static IReadOnlyList<PolicyCheck> ChecksFor(PolicyContext context) =>
        [.. Checks.Where(c => c.AppliesTo(context.Environment))];

    public static IReadOnlyList<Violation> Evaluate(IReadOnlyList<PlannedResource> resources, PolicyContext context)
    {
        var plan = new PlanView(resources);
        return [.. ChecksFor(context).SelectMany(c => c.Evaluate(plan, context))];
    }

    /// <summary>Runs one check (whatever the environment: a prod-only check's own logic, for tests and reports).</summary>
    public static IReadOnlyList<Violation> Evaluate(string id, IReadOnlyList<PlannedResource> resources, PolicyContext context) =>
        Check(id).AppliesTo(context.Environment) ? [.. Check(id).Evaluate(new PlanView(resources), context)] : [];
}
