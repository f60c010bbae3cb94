using System.Globalization;

namespace Infra.Model.Cost;

/// <summary>Fixed lines are billed whether or not the stack serves traffic; usage lines follow the assumptions.</summary>
public enum CostKind
{
    Fixed,
    Usage,
}

/// <summary>
/// One line of the estimate: <see cref="Quantity"/> of <see cref="Unit"/> at <see cref="UnitUsd"/> each.
/// <see cref="MonthlyUsd"/> is rounded to cents; it is null when the table has no price, and the line stays
/// in the estimate (out of the total) so a missing price is never read as zero.
/// </summary>
public sealed record CostLine(
    string Item,
    CostKind Kind,
    decimal Quantity,
    string Unit,
    decimal? UnitUsd,
    decimal? MonthlyUsd,
    string Basis,
    string? PriceSource,
    string? PriceAsOf)
{
    public bool Priced => MonthlyUsd is not null;

    /// <summary>What has no price in the table, for an unpriced line (e.g. <c>r7i.large</c>).</summary>
    public string? Missing { get; init; }
}

/// <summary>A monthly estimate. Totals add the rounded lines, so the printed table adds up.</summary>
public sealed record CostEstimate(
    string Region,
    string PriceRegion,
    string Currency,
    int HoursPerMonth,
    CostAssumptions Assumptions,
    IReadOnlyList<CostLine> Lines,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> NotPriced)
{
    public decimal FixedUsd => Sum(CostKind.Fixed);

    public decimal UsageUsd => Sum(CostKind.Usage);

    public decimal TotalUsd => FixedUsd + UsageUsd;

    /// <summary>True when every line has a price: otherwise the total is a lower bound.</summary>
    public bool Complete => Lines.All(l => l.Priced);

    /// <summary>The unpriced lines, each with what has no price: <c>EC2 instances (r7i.large)</c>.</summary>
    public IReadOnlyList<string> Unpriced =>
        [.. Lines.Where(l => !l.Priced).Select(l => l.Missing is { } missing ? $"{l.Item} ({missing})" : l.Item)];

    /// <summary>The total as a headline reads it: a missing price never passes for a saving.</summary>
    public string TotalText => Complete
        ? Usd(TotalUsd)
        : $"{Usd(TotalUsd)} + unpriced, incomplete (no price for {string.Join("; ", Unpriced)})";

    public static string Usd(decimal amount) => amount.ToString("$#,##0.00", CultureInfo.InvariantCulture);

    private decimal Sum(CostKind kind) => Lines.Where(l => l.Kind == kind).Sum(l => l.MonthlyUsd ?? 0m);
}
