using System.Text.Json;

namespace Infra.Model.Cost;

/// <summary>One published figure, with when and where it was read, so a stale price is visible as such.</summary>
public sealed record Price(decimal Usd, string AsOf, string Source);

/// <summary>The figures the estimate uses besides instance hours; each is a key of a region in <c>prices.json</c>.</summary>
public enum PriceItem
{
    NatGatewayHour,
    NatGatewayGb,
    LoadBalancerHour,
    LoadBalancerLcuHour,
    PublicIpv4Hour,
    EbsGp3GbMonth,
    EbsGp2GbMonth,
    LogsIngestedGb,
    LogsStoredGbMonth,
    AlarmMetricMonth,
    DashboardMonth,
    KmsKeyMonth,
    Route53QueryMillion,
}

/// <summary>The prices of one region. Instance types absent here have no price (never zero).</summary>
public sealed record RegionPrices(string Region, IReadOnlyDictionary<string, Price> InstanceHour, IReadOnlyDictionary<PriceItem, Price> Items)
{
    public Price this[PriceItem item] => Items[item];

    public Price? Instance(string instanceType) => InstanceHour.GetValueOrDefault(instanceType);
}

/// <summary>
/// The price table shipped with the model (<c>Cost/prices.json</c>, embedded): on-demand list prices, per region
/// where known. Read with <see cref="JsonDocument"/> rather than reflection so the plan tool starts fast.
/// </summary>
public sealed class PriceTable
{
    /// <summary>The region whose prices stand in for a region the table lacks.</summary>
    public const string FallbackRegion = "us-east-1";

    private const string ResourceName = "Infra.Model.Cost.prices.json";
    private static readonly Lazy<PriceTable> ShippedTable = new(LoadShipped);

    private PriceTable(string currency, int hoursPerMonth, IReadOnlyDictionary<string, RegionPrices> regions)
    {
        Currency = currency;
        HoursPerMonth = hoursPerMonth;
        Regions = regions;
    }

    public string Currency { get; }

    /// <summary>Hours billed in a month: AWS's own convention (8760 / 12).</summary>
    public int HoursPerMonth { get; }

    public IReadOnlyDictionary<string, RegionPrices> Regions { get; }

    public static PriceTable Shipped => ShippedTable.Value;

    /// <summary>The region's prices, or the fallback region's with a warning that says so.</summary>
    public (RegionPrices Prices, string? Warning) For(string region) =>
        Regions.TryGetValue(region, out var prices)
            ? (prices, null)
            : (Regions[FallbackRegion], $"the price table has no figures for {region}: {FallbackRegion} prices are used, and {region}'s differ");

    /// <summary>
    /// This table without any price for <paramref name="instanceType"/>: how an estimate reads when the table lags
    /// behind a type validation accepts (the estimate must then say it is incomplete, never show a saving).
    /// </summary>
    public PriceTable Without(string instanceType) => new(
        Currency,
        HoursPerMonth,
        Regions.ToDictionary(
            r => r.Key,
            r => r.Value with { InstanceHour = r.Value.InstanceHour.Where(p => p.Key != instanceType).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) },
            StringComparer.Ordinal));

    public static PriceTable Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var regions = new SortedDictionary<string, RegionPrices>(StringComparer.Ordinal);
        foreach (var region in Required(root, "regions", "the table").EnumerateObject())
        {
            var instances = new SortedDictionary<string, Price>(StringComparer.Ordinal);
            foreach (var instance in Required(region.Value, "instanceHour", region.Name).EnumerateObject())
            {
                instances[instance.Name] = ReadPrice(instance.Value, $"{region.Name}.instanceHour.{instance.Name}");
            }

            var items = new Dictionary<PriceItem, Price>();
            foreach (var item in Enum.GetValues<PriceItem>())
            {
                var key = JsonNamingPolicy.CamelCase.ConvertName(item.ToString());
                items[item] = ReadPrice(Required(region.Value, key, region.Name), $"{region.Name}.{key}");
            }

            regions[region.Name] = new RegionPrices(region.Name, instances, items);
        }

        if (!regions.ContainsKey(FallbackRegion))
        {
            throw new FormatException($"the price table must have {FallbackRegion}, the fallback region");
        }

        return new PriceTable(
            Required(root, "currency", "the table").GetString()!,
            Required(root, "hoursPerMonth", "the table").GetInt32(),
            regions);
    }

    private static Price ReadPrice(JsonElement element, string where)
    {
        var usd = Required(element, "usd", where).GetDecimal();
        var asOf = Required(element, "asOf", where).GetString();
        var source = Required(element, "source", where).GetString();
        return usd <= 0 || string.IsNullOrWhiteSpace(asOf) || string.IsNullOrWhiteSpace(source)
            ? throw new FormatException($"price {where} needs a positive 'usd', an 'asOf' date and a 'source'")
            : new Price(usd, asOf, source);
    }

    private static JsonElement Required(JsonElement element, string name, string where) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"price table: {where} has no '{name}'");

    private static PriceTable LoadShipped()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(PriceTable).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
