using Spectre.Console;
using Spectre.Console.Rendering;

namespace Infra.Tools.Plan.Rendering;

/// <summary>Terminal tables. Cells are plain <see cref="Text"/>, never markup, so values like <c>[secret]</c> print as given.</summary>
public static class TableRenderer
{
    /// <summary>Wide enough for image references when the output is a file or a pipe (no terminal width to ask).</summary>
    public const int RedirectedWidth = 200;

    public static void Write(Report report, TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        console.Write(new Text(report.Title, new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        foreach (var line in report.Summary)
        {
            console.Write(new Text(line));
            console.WriteLine();
        }

        foreach (var section in report.Sections)
        {
            console.WriteLine();
            console.Write(new Text(section.Title, new Style(decoration: Decoration.Bold | Decoration.Underline)));
            console.WriteLine();
            if (section.Rows.Count == 0)
            {
                console.Write(new Text("No change."));
                console.WriteLine();
            }
            else
            {
                var table = new Table { Border = TableBorder.Simple };
                foreach (var column in section.Columns)
                {
                    table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
                }

                foreach (var row in section.Rows)
                {
                    table.AddRow(row.Select(cell => (IRenderable)new Text(cell)));
                }

                console.Write(table);
            }

            foreach (var note in section.Notes)
            {
                console.Write(new Text(note));
                console.WriteLine();
            }
        }
    }
}
