using Infra.Model.Settings;

namespace Infra.Model.Policy;

/// <summary>
/// What the checks need to know beyond the planned resources: the environment (prod-only rules), whether a WAF
/// web ACL and a log KMS key are configured (L8, G2), the tag keys every resource must carry (G3) and the
/// containers whose image needs a writable root file system (E3).
/// </summary>
public sealed record PolicyContext(EnvironmentKind Environment)
{
    public static readonly PolicyContext Dev = new(EnvironmentKind.Dev);

    public static readonly PolicyContext Prod = new(EnvironmentKind.Prod);

    /// <summary>The web ACL the load balancer must be associated with; null: no WAF configured.</summary>
    public string? WafWebAclArn { get; init; }

    /// <summary>The KMS key every log group must be encrypted with; null: CloudWatch Logs' own encryption.</summary>
    public string? LogKmsKeyArn { get; init; }

    public IReadOnlyList<string> ExpectedTagKeys { get; init; } = SettingsLoader.RequiredTags;

    /// <summary>Container names configured with <c>readonlyRootFilesystem: false</c> (their image writes to its root).</summary>
    public IReadOnlySet<string> WritableRootContainers { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool IsProd => Environment == EnvironmentKind.Prod;

    /// <summary>The context a stack's own settings imply (containers are named after their service).</summary>
    public static PolicyContext For(StackSettings settings) => new(settings.Environment)
    {
        WafWebAclArn = settings.LoadBalancer.WafWebAclArn,
        LogKmsKeyArn = settings.Logging.KmsKeyArn,
        WritableRootContainers = settings.Services.Where(s => !s.ReadonlyRootFilesystem).Select(s => s.Name).ToHashSet(StringComparer.Ordinal),
    };
}
