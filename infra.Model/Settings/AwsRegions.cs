using System.Text.RegularExpressions;

namespace Infra.Model.Settings;

/// <summary>
/// The AWS Regions a stack can be deployed to, as data, so the offline plan rejects a region that does not exist
/// (<c>us-east-3</c>, <c>eu-west-7</c>) before any call to AWS.
/// </summary>
/// <remarks>
/// Source: AWS General Reference, "AWS Region billing codes"
/// (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html) and "AWS Regions"
/// in the same guide; commercial (<c>aws</c>), AWS GovCloud (US) (<c>aws-us-gov</c>) and China (<c>aws-cn</c>)
/// partitions; read 2026-12-01. Regions opened later are added here (the error says so). Isolated partitions
/// (<c>aws-iso*</c>) and the European Sovereign Cloud are not listed: this stack is not tested there.
/// </remarks>
public static partial class AwsRegions
{
    public const string Source = "AWS General Reference, AWS Region billing codes (read 2026-12-01)";

    private static readonly string[] Commercial =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1",
        "af-south-1",
        "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
        "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1",
        "sa-east-1",
    ];

    private static readonly string[] GovCloud = ["us-gov-east-1", "us-gov-west-1"];

    private static readonly string[] China = ["cn-north-1", "cn-northwest-1"];

    /// <summary>Every known region name, in the order of the source's tables.</summary>
    public static readonly IReadOnlyList<string> All = [.. Commercial, .. GovCloud, .. China];

    /// <summary>
    /// An AZ name is its region's name followed by one letter (<c>us-east-1a</c>); Local Zones add a location and a
    /// letter (<c>us-east-1-bos-1a</c>).
    /// </summary>
    [GeneratedRegex("^(?<region>[a-z]{2}(-gov)?-[a-z]+-\\d)([a-z]|-[a-z]+-\\d[a-z])$")]
    private static partial Regex ZoneShape();

    public static bool IsKnown(string region) => All.Contains(region, StringComparer.Ordinal);

    /// <summary>The partition of a known region: what ARNs of its resources start with.</summary>
    public static string Partition(string region) =>
        China.Contains(region, StringComparer.Ordinal) ? "aws-cn"
        : GovCloud.Contains(region, StringComparer.Ordinal) ? "aws-us-gov"
        : "aws";

    /// <summary>The region an AZ name belongs to, or null when the name is not an AZ name.</summary>
    public static string? RegionOfZone(string zone) =>
        ZoneShape().Match(zone) is { Success: true } match ? match.Groups["region"].Value : null;
}
