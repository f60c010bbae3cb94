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

        // Spot hours right after the on-demand ones, so the table reads them together.
        lines.InsertRange(1, SpotInstances(inputs, assumptions, prices, hours, warnings));

        // Alarms, the dashboard and the topic's key: billed whatever the traffic, priced without the account's free tier
        // (10 alarm metrics, 3 dashboards), which other stacks in the account may already use.
        if (inputs.AlarmMetrics > 0)
        {
            lines.Add(Line("CloudWatch alarms", CostKind.Fixed, inputs.AlarmMetrics, "alarm-metric-months", prices[PriceItem.AlarmMetricMonth],
                $"{inputs.AlarmMetrics} metrics evaluated by the stack's alarms (a metric-math alarm counts each metric); 10 a month free per account"));
        }

        if (inputs.Dashboards > 0)
        {
            lines.Add(Line("CloudWatch dashboard", CostKind.Fixed, inputs.Dashboards, "dashboard-months", prices[PriceItem.DashboardMonth],
                $"{inputs.Dashboards} dashboard; free while the account has at most 3"));
        }

        if (inputs.KmsKeys > 0)
        {
            lines.Add(Line("KMS key (alarm topic)", CostKind.Fixed, inputs.KmsKeys, "key-months", prices[PriceItem.KmsKeyMonth],
                $"{inputs.KmsKeys} customer managed key; none when alarmTopicKmsKeyArn names one"));
        }

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

    /// <summary>On-demand hosts at the desired capacity, priced as the first type (Auto Scaling launches it first).</summary>
    private static CostLine Instances(CostInputs inputs, RegionPrices prices, int hours, List<string> warnings)
    {
        var type = inputs.InstanceType;
        var (onDemand, _) = inputs.Purchase.Split(inputs.Instances);
        var (onDemandAtMax, _) = inputs.Purchase.Split(inputs.MaxInstances);
        var basis = inputs.Purchase.UsesSpot
            ? $"{onDemand} on-demand of {inputs.Instances} × {type} (desired capacity) × {hours} h"
            : $"{inputs.Instances} × {type} (desired capacity) × {hours} h";
        if (prices.Instance(type) is not { } price)
        {
            warnings.Add($"no price for {type} in the price table ({prices.Region}): the estimate is incomplete, its total leaves the instances out");
            return new CostLine("EC2 instances", CostKind.Fixed, onDemand * hours, "instance-hours", null, null,
                $"{basis}: no price for {type}", null, null) { Missing = type };
        }

        var atMax = inputs.MaxInstances > inputs.Instances
            ? $"; at max size {inputs.MaxInstances}: {CostEstimate.Usd(Cents(onDemandAtMax * hours * price.Usd))}"
            : string.Empty;
        return Line("EC2 instances", CostKind.Fixed, onDemand * hours, "instance-hours", price, basis + atMax);
    }

    /// <summary>
    /// Spot hosts at the desired capacity, where the stack buys any: the dearest listed type's on-demand price less
    /// the assumed discount, since Auto Scaling may launch any type of the list in any Spot pool.
    /// </summary>
    private static IEnumerable<CostLine> SpotInstances(CostInputs inputs, CostAssumptions assumptions, RegionPrices prices, int hours, List<string> warnings)
    {
        if (!inputs.Purchase.UsesSpot)
        {
            yield break;
        }

        var (_, spot) = inputs.Purchase.Split(inputs.Instances);
        var (_, spotAtMax) = inputs.Purchase.Split(inputs.MaxInstances);
        var discount = assumptions.SpotDiscountPercent;
        var types = string.Join("/", inputs.InstanceTypes);
        var basis = $"{spot} Spot of {inputs.Instances} × {types} (desired capacity) × {hours} h";
        var missing = inputs.InstanceTypes.Where(t => prices.Instance(t) is null).ToList();
        if (missing.Count > 0)
        {
            warnings.Add($"no price for {string.Join(", ", missing)} in the price table ({prices.Region}): the estimate is incomplete, its total leaves the Spot instances out");
            yield return new CostLine("EC2 Spot instances", CostKind.Fixed, spot * hours, "instance-hours", null, null,
                $"{basis}: no price for {string.Join(", ", missing)}", null, null) { Missing = string.Join(", ", missing) };
            yield break;
        }

        var (dearest, onDemand) = inputs.InstanceTypes.Select(t => (Type: t, Price: prices.Instance(t)!)).OrderByDescending(x => x.Price.Usd).First();
        var price = new Price(
            Math.Round(onDemand.Usd * (100m - discount) / 100m, 6, MidpointRounding.AwayFromZero),
            onDemand.AsOf,
            $"{onDemand.Source} ({dearest}), less the assumed Spot discount");
        var atMax = inputs.MaxInstances > inputs.Instances
            ? $"; at max size {inputs.MaxInstances}: {CostEstimate.Usd(Cents(spotAtMax * hours * price.Usd))}"
            : string.Empty;
        yield return Line("EC2 Spot instances", CostKind.Fixed, spot * hours, "instance-hours", price,
            $"{basis}; {dearest}'s on-demand ${onDemand.Usd.ToString(CultureInfo.InvariantCulture)} less {Number(discount)} % ({CostAssumptions.SpotDiscountPercentKey}){atMax}");
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
