namespace Infra.Tools.Plan.Rendering;

/// <summary>GitHub-flavoured markdown: what a pull-request comment shows.</summary>
public static class MarkdownRenderer
{
    public static void Write(Report report, TextWriter writer)
    {
        writer.WriteLine($"### {Escape(report.Title)}");
        writer.WriteLine();
        foreach (var line in report.Summary)
        {
            writer.WriteLine($"- {Escape(line)}");
        }

        foreach (var section in report.Sections)
        {
            writer.WriteLine();
            writer.WriteLine($"#### {Escape(section.Title)}");
            writer.WriteLine();
            if (section.Rows.Count == 0)
            {
                writer.WriteLine("No change.");
            }
            else
            {
                writer.WriteLine($"| {string.Join(" | ", section.Columns.Select(Escape))} |");
                writer.WriteLine($"|{string.Concat(section.Columns.Select(_ => "---|"))}");
                foreach (var row in section.Rows)
                {
                    writer.WriteLine($"| {string.Join(" | ", row.Select(Escape))} |");
                }
            }

            if (section.Notes.Count > 0)
            {
                writer.WriteLine();
                foreach (var note in section.Notes)
                {
                    writer.WriteLine($"- {Escape(note)}");
                }
            }
        }
    }

    /// <summary>A cell must not end the row or open HTML; GitHub renders <c>\|</c> as a literal bar.</summary>
    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
