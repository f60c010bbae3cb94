using Infra.Model.Cost;

namespace Infra.Tools.Plan;

/// <summary>One printed table: every format renders the same rows, so what a PR comment says is what the terminal says.</summary>
public sealed record Section(
    string Id,
    string Title,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<string> Notes)
{
    public static Section Of(string id, string title, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows, params string[] notes) =>
        new(id, title, columns, [.. rows], notes);
}

/// <summary>How the cost moves between two versions of a stack file.</summary>
public sealed record CostDelta(CostEstimate Base, CostEstimate Head)
{
    public decimal DeltaUsd => Head.TotalUsd - Base.TotalUsd;

    /// <summary>Both sides fully priced: only then is <see cref="DeltaUsd"/> the change.</summary>
    public bool Complete => Base.Complete && Head.Complete;
}

/// <summary>What the command prints: sections, plus the numbers behind the cost for machine readers.</summary>
public sealed record Report(string Title, IReadOnlyList<string> Summary, IReadOnlyList<Section> Sections)
{
    public CostEstimate? Cost { get; init; }

    public CostDelta? CostDelta { get; init; }
}
