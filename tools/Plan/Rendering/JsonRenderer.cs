using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Infra.Model.Cost;

namespace Infra.Tools.Plan.Rendering;

/// <summary>
/// The report for machines: every section's rows as objects keyed by column, and the cost as numbers.
/// Written with <see cref="Utf8JsonWriter"/> (no reflection), so the tool stays quick to start.
/// </summary>
public static class JsonRenderer
{
    public static void Write(Report report, TextWriter writer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("title", report.Title);
            StringArray(json, "summary", report.Summary);
            json.WriteStartArray("sections");
            foreach (var section in report.Sections)
            {
                json.WriteStartObject();
                json.WriteString("id", section.Id);
                json.WriteString("title", section.Title);
                json.WriteStartArray("rows");
                foreach (var row in section.Rows)
                {
                    json.WriteStartObject();
                    for (var i = 0; i < section.Columns.Count; i++)
                    {
                        json.WriteString(section.Columns[i], row[i]);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                StringArray(json, "notes", section.Notes);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (report.Cost is { } cost)
            {
                json.WritePropertyName("cost");
                Cost(json, cost);
            }

            if (report.CostDelta is { } delta)
            {
                json.WriteStartObject("costDelta");
                json.WriteNumber("baseTotalUsd", delta.Base.TotalUsd);
                json.WriteNumber("headTotalUsd", delta.Head.TotalUsd);
                NumberOrNull(json, "deltaUsd", delta.Complete ? delta.DeltaUsd : null);
                json.WriteBoolean("complete", delta.Complete);
                json.WritePropertyName("base");
                Cost(json, delta.Base);
                json.WritePropertyName("head");
                Cost(json, delta.Head);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Cost(Utf8JsonWriter json, CostEstimate cost)
    {
        json.WriteStartObject();
        json.WriteString("region", cost.Region);
        json.WriteString("priceRegion", cost.PriceRegion);
        json.WriteString("currency", cost.Currency);
        json.WriteNumber("hoursPerMonth", cost.HoursPerMonth);
        json.WriteNumber("fixedUsd", cost.FixedUsd);
        json.WriteNumber("usageUsd", cost.UsageUsd);
        json.WriteNumber("totalUsd", cost.TotalUsd);
        json.WriteBoolean("complete", cost.Complete);
        json.WriteStartObject("assumptions");
        json.WriteNumber(CostAssumptions.NatDataGbKey, cost.Assumptions.NatDataGbPerMonth);
        json.WriteNumber(CostAssumptions.AverageLcusKey, cost.Assumptions.AverageLcus);
        json.WriteNumber(CostAssumptions.LogsIngestedGbKey, cost.Assumptions.LogsIngestedGbPerMonth);
        NumberOrNull(json, CostAssumptions.LogsStoredGbKey, cost.Assumptions.LogsStoredGb);
        json.WriteNumber(CostAssumptions.SpotDiscountPercentKey, cost.Assumptions.SpotDiscountPercent);
        json.WriteNumber(CostAssumptions.DnsQueriesMillionsKey, cost.Assumptions.DnsQueriesMillions);
        json.WriteEndObject();
        json.WriteStartArray("lines");
        foreach (var line in cost.Lines)
        {
            json.WriteStartObject();
            json.WriteString("item", line.Item);
            json.WriteString("kind", line.Kind.ToString().ToLowerInvariant());
            json.WriteNumber("quantity", line.Quantity);
            json.WriteString("unit", line.Unit);
            NumberOrNull(json, "unitUsd", line.UnitUsd);
            NumberOrNull(json, "monthlyUsd", line.MonthlyUsd);
            json.WriteString("basis", line.Basis);
            json.WriteString("priceSource", line.PriceSource);
            json.WriteString("priceAsOf", line.PriceAsOf);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        StringArray(json, "warnings", cost.Warnings);
        StringArray(json, "notPriced", cost.NotPriced);
        json.WriteEndObject();
    }

    private static void NumberOrNull(Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void StringArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
