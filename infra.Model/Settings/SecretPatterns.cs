using System.Text.RegularExpressions;

namespace Infra.Model.Settings;

/// <summary>What marks a value as a secret: one definition for validation (a service's environment) and the policy checks (C5, E6).</summary>
internal static partial class SecretPatterns
{
    /// <summary>Names that say "this is a secret": such values belong in <c>secrets</c>, not <c>environment</c>.</summary>
    [GeneratedRegex("(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY)", RegexOptions.IgnoreCase)]
    public static partial Regex SecretName();

    /// <summary>Key material in a value: an AWS access key id or a PEM private key.</summary>
    [GeneratedRegex("AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    public static partial Regex KeyMaterial();
}
