using System.Globalization;
using Infra.Model.Settings;

namespace Infra.Model.Cost;

/// <summary>
/// Usage the settings cannot tell: traffic and log volume. Stated with the estimate and set with
/// <c>--assume key=value</c>. <see cref="LogsStoredGb"/> null means the steady state of the retention period.
/// </summary>
public sealed record CostAssumptions(
    decimal NatDataGbPerMonth,
    decimal AverageLcus,
    decimal LogsIngestedGbPerMonth,
    decimal? LogsStoredGb,
    decimal DnsQueriesMillions = 1m)
{
    public const string NatDataGbKey = "natDataGb";
    public const string AverageLcusKey = "albLcus";
    public const string LogsIngestedGbKey = "logsIngestedGb";
    public const string LogsStoredGbKey = "logsStoredGb";
    public const string SpotDiscountPercentKey = "spotDiscountPercent";
    public const string DnsQueriesMillionsKey = "dnsQueriesMillions";

    /// <summary>
    /// What a Spot hour saves against the on-demand price, in percent. AWS quotes "up to 90 %"; what users report
    /// realising over time is 50 to 70 % (see README "Spot"); 60 is the middle of that range. The Spot Instance
    /// Advisor shows the current figure per type and region.
    /// </summary>
    public decimal SpotDiscountPercent { get; init; } = 60m;


    /// <summary>A quiet service: a little egress (image pulls, AWS APIs), the ALB's minimum, a few GB of logs.</summary>
    public static readonly CostAssumptions Default = new(50m, 1m, 5m, null);

    public static IReadOnlyList<string> Keys => [NatDataGbKey, AverageLcusKey, LogsIngestedGbKey, LogsStoredGbKey, SpotDiscountPercentKey, DnsQueriesMillionsKey];

    /// <summary>Applies <c>key=value</c> assignments to the defaults; every bad one is reported.</summary>
    public static (CostAssumptions Assumptions, IReadOnlyList<ConfigError> Errors) Parse(IEnumerable<string> assignments)
    {
        var result = Default;
        var errors = new List<ConfigError>();
        foreach (var assignment in assignments)
        {
            var split = assignment.IndexOf('=', StringComparison.Ordinal);
            var key = split < 0 ? assignment : assignment[..split];
            var text = split < 0 ? null : assignment[(split + 1)..];
            if (!Keys.Contains(key))
            {
                errors.Add(new ConfigError("--assume", assignment, "not a known assumption", string.Join(", ", Keys.Select(k => $"{k}=<number>"))));
                continue;
            }

            if (text is null || !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                errors.Add(new ConfigError($"--assume {key}", text, "not a non-negative number", "a number such as 100 or 2.5"));
                continue;
            }

            if (key == SpotDiscountPercentKey && value >= 100)
            {
                errors.Add(new ConfigError($"--assume {key}", text, "a Spot hour is never free", "a percentage from 0 to below 100, such as 60"));
                continue;
            }

            result = key switch
            {
                SpotDiscountPercentKey => result with { SpotDiscountPercent = value },
                NatDataGbKey => result with { NatDataGbPerMonth = value },
                AverageLcusKey => result with { AverageLcus = value },
                LogsIngestedGbKey => result with { LogsIngestedGbPerMonth = value },
                DnsQueriesMillionsKey => result with { DnsQueriesMillions = value },
                _ => result with { LogsStoredGb = value },
            };
        }

        return (result, errors);
    }
}
