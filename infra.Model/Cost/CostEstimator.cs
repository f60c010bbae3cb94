using System.Globalization;

namespace Infra.Model.Cost;

/// <summary>Prices <see cref="CostInputs"/> with a <see cref="PriceTable"/> under stated <see cref="CostAssumptions"/>.</summary>
public static class CostEstimator
{
    public static CostEstimate Estimate(CostInputs inputs, CostAssumptions? assumptions = null, PriceTable? table = null)
    {
        assumptions ??= CostAssumptions.Default;
        table ??= PriceTable.Shipped;
        var (prices, warning) = table.For(inputs.Region);
        var hours = table.HoursPerMonth;
        var warnings = new List<string>();
        if (warning is not null)
        {
            warnings.Add(warning);
        }

        var lines = new List<CostLine>
        {
            Instances(inputs, prices, hours, warnings),
            Line("NAT gateways", CostKind.Fixed, inputs.NatGateways * hours, "NAT gateway-hours", prices[PriceItem.NatGatewayHour], $"{inputs.NatGateways} × {hours} h"),
            Line("Public IPv4 addresses", CostKind.Fixed, (inputs.NatGateways + inputs.LoadBalancerZones) * hours, "address-hours", prices[PriceItem.PublicIpv4Hour],
                $"({inputs.NatGateways} NAT gateway EIP{Plural(inputs.NatGateways)} + {inputs.LoadBalancerZones} ALB node{Plural(inputs.LoadBalancerZones)}, one per AZ) × {hours} h"),
            Line("Application Load Balancer", CostKind.Fixed, hours, "ALB-hours", prices[PriceItem.LoadBalancerHour], $"1 × {hours} h"),
            Line("EBS root volumes", CostKind.Fixed, inputs.Instances * inputs.RootVolumeGiB, "GB-months", prices[inputs.RootVolumeType == VolumeType.Gp3 ? PriceItem.EbsGp3GbMonth : PriceItem.EbsGp2GbMonth],
                $"{inputs.Instances} × {inputs.RootVolumeGiB} GiB {inputs.RootVolumeType.ToString().ToLowerInvariant()}"),
            Line("NAT data processed", CostKind.Usage, assumptions.NatDataGbPerMonth, "GB", prices[PriceItem.NatGatewayGb],
                $"assumed {Number(assumptions.NatDataGbPerMonth)} GB/month ({CostAssumptions.NatDataGbKey})"),
            Line("ALB capacity units", CostKind.Usage, assumptions.AverageLcus * hours, "LCU-hours", prices[PriceItem.LoadBalancerLcuHour],
                $"assumed {Number(assumptions.AverageLcus)} LCU on average ({CostAssumptions.AverageLcusKey}) × {hours} h"),
            Line("CloudWatch Logs ingestion", CostKind.Usage, assumptions.LogsIngestedGbPerMonth, "GB", prices[PriceItem.LogsIngestedGb],
                $"assumed {Number(assumptions.LogsIngestedGbPerMonth)} GB/month ({CostAssumptions.LogsIngestedGbKey})"),
            LogsStored(inputs, assumptions, prices, hours),
        };

        // Only a stack with records in a zone: queries for the alias itself are free, others (the certificate's
        // validation CNAME, lookups of names that do not exist) are billed per million.
        if (inputs.HostedZoneRecords)
        {
            lines.Add(Line("Route 53 queries", CostKind.Usage, assumptions.DnsQueriesMillions, "million queries", prices[PriceItem.Route53QueryMillion],
                $"assumed {Number(assumptions.DnsQueriesMillions)} million standard queries/month ({CostAssumptions.DnsQueriesMillionsKey}); alias queries to the load balancer are free"));
        }

        return new CostEstimate(inputs.Region, prices.Region, table.Currency, hours, assumptions, lines, warnings, inputs.NotPriced);
    }

    /// <summary>Rounds half away from zero, as a bill does: 16.425 → 16.43.</summary>
    public static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static CostLine Instances(CostInputs inputs, RegionPrices prices, int hours, List<string> warnings)
    {
        var basis = $"{inputs.Instances} × {inputs.InstanceType} (desired capacity) × {hours} h";
        if (prices.Instance(inputs.InstanceType) is not { } price)
        {
            warnings.Add($"no price for {inputs.InstanceType} in the price table ({prices.Region}): the instances are not in the total, which is a lower bound");
            return new CostLine("EC2 instances", CostKind.Fixed, inputs.Instances * hours, "instance-hours", null, null,
                $"{basis}: no price for {inputs.InstanceType}", null, null);
        }

        var atMax = inputs.MaxInstances > inputs.Instances
            ? $"; at max size {inputs.MaxInstances}: {CostEstimate.Usd(Cents(inputs.MaxInstances * hours * price.Usd))}"
            : string.Empty;
        return Line("EC2 instances", CostKind.Fixed, inputs.Instances * hours, "instance-hours", price, basis + atMax);
    }

    /// <summary>
    /// Stored logs: as assumed, or the steady state of the retention period (a month's ingestion for every
    /// month of retention; reached once the stack is as old as its retention).
    /// </summary>
    private static CostLine LogsStored(CostInputs inputs, CostAssumptions assumptions, RegionPrices prices, int hours)
    {
        var price = prices[PriceItem.LogsStoredGbMonth];
        if (assumptions.LogsStoredGb is { } stored)
        {
            return Line("CloudWatch Logs storage", CostKind.Usage, stored, "GB-months", price, $"assumed {Number(stored)} GB stored ({CostAssumptions.LogsStoredGbKey})");
        }

        var steady = assumptions.LogsIngestedGbPerMonth * inputs.LogRetentionDays * 24 / hours;
        return Line("CloudWatch Logs storage", CostKind.Usage, Math.Round(steady, 2), "GB-months", price,
            $"{Number(assumptions.LogsIngestedGbPerMonth)} GB/month kept {inputs.LogRetentionDays} days: {Number(Math.Round(steady, 2))} GB at steady state ({CostAssumptions.LogsStoredGbKey} to override)");
    }

    private static CostLine Line(string item, CostKind kind, decimal quantity, string unit, Price price, string basis) =>
        new(item, kind, quantity, unit, price.Usd, Cents(quantity * price.Usd), basis, price.Source, price.AsOf);

    private static string Plural(int count) => count == 1 ? string.Empty : "s";

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
