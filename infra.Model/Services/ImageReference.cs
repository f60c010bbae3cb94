using System.Text.RegularExpressions;

namespace Infra.Model.Services;

/// <summary>
/// The container image reference grammar, as the OCI distribution reference library defines it
/// (github.com/distribution/reference, <c>reference.go</c> and <c>regexp.go</c>):
/// <c>[domain[:port]/]path-component[/path-component...][:tag][@digest]</c>, path components lowercase
/// alphanumerics joined by <c>.</c>, <c>_</c>, <c>__</c> or dashes, the path at most 255 characters, a tag
/// <c>[\w][\w.-]{0,127}</c>, a digest <c>algorithm:hex</c>. ECS hands the image to Docker on the host, which
/// rejects what this grammar rejects only when a task starts: long after the deployment began.
/// </summary>
public static partial class ImageReference
{
    /// <summary>The library's RepositoryNameTotalLengthMax.</summary>
    public const int MaxPathLength = 255;

    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private const string DomainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string DomainAndPort = "(?:" + DomainComponent + "(?:\\." + DomainComponent + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private const string Tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string Digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    // Go's \w is ASCII-only: the classes are spelled out, since .NET's \w also matches other letters.
    [GeneratedRegex("^(?<name>(?:(?<domain>" + DomainAndPort + ")/)?(?<path>" + PathComponent + "(?:/" + PathComponent + ")*))"
        + "(?::(?<tag>" + Tag + "))?(?:@(?<digest>" + Digest + "))?$")]
    private static partial Regex Reference();

    /// <summary>Digest lengths of the algorithms the OCI image spec registers; others are refused by registries.</summary>
    private static readonly IReadOnlyDictionary<string, int> DigestHexLength = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["sha256"] = 64,
        ["sha512"] = 128,
    };

    public const string Allowed =
        "[registry[:port]/]repository[:tag][@digest] with a lowercase repository path (letters, digits, '.', '_', '-' between them), "
        + "a tag of at most 128 characters ([A-Za-z0-9_][A-Za-z0-9_.-]*) and a digest sha256:<64 hex>, e.g. "
        + "<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>";

    /// <summary>What is wrong with <paramref name="image"/> as an image reference, or null when it is one.</summary>
    public static string? Problem(string image)
    {
        var match = Reference().Match(image);
        if (!match.Success)
        {
            return Reference().IsMatch(image.ToLowerInvariant())
                ? "not an image reference: the repository path must be lowercase"
                : "not an image reference";
        }

        if (match.Groups["path"].Length > MaxPathLength)
        {
            return $"not an image reference: the repository path is {match.Groups["path"].Length} characters, more than {MaxPathLength}";
        }

        if (match.Groups["digest"] is { Success: true } digest)
        {
            var (algorithm, hex) = (digest.Value[..digest.Value.IndexOf(':', StringComparison.Ordinal)], digest.Value[(digest.Value.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            if (!DigestHexLength.TryGetValue(algorithm, out var length))
            {
                return $"not an image reference: digest algorithm '{algorithm}' is not one registries accept";
            }

            if (hex.Length != length || hex.Any(char.IsAsciiLetterUpper))
            {
                return $"not an image reference: a {algorithm} digest is {length} lowercase hex digits";
            }
        }

        return null;
    }
}
