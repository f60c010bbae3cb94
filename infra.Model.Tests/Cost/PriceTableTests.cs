using Infra.Model.Compute;
using Infra.Model.Cost;

namespace Infra.Model.Tests.Cost;

public class PriceTableTests
{
    [Test]
    public void Every_figure_says_when_and_where_it_was_read()
    {
        var prices = PriceTable.Shipped.Regions["us-east-1"];
        var all = prices.InstanceHour.Values.Concat(prices.Items.Values).ToList();

        Assert.That(all.Where(p => p.Usd <= 0 || p.AsOf.Length == 0 || !p.Source.Contains("us-east-1", StringComparison.Ordinal)), Is.Empty);
        Assert.That(prices.InstanceHour.Values.Select(p => p.Source).Distinct(), Is.EqualTo(new[] { "AWS EC2 on-demand pricing, us-east-1, Linux" }));
        Assert.That(PriceTable.Shipped.HoursPerMonth, Is.EqualTo(730));
    }

    [Test]
    public void The_given_figures_are_the_table_s()
    {
        var prices = PriceTable.Shipped.Regions["us-east-1"];

        Assert.That(prices.Instance("t2.large")!.Usd, Is.EqualTo(0.0928m));
        Assert.That(prices.Instance("t3.small")!.Usd, Is.EqualTo(0.0208m));
        Assert.That(prices.Instance("t3.large")!.Usd, Is.EqualTo(0.0832m));
        Assert.That(prices.Instance("t4g.small")!.Usd, Is.EqualTo(0.0168m));
        Assert.That(prices[PriceItem.NatGatewayHour].Usd, Is.EqualTo(0.045m));
        Assert.That(prices[PriceItem.LoadBalancerLcuHour].Usd, Is.EqualTo(0.008m));
        Assert.That(prices[PriceItem.EbsGp2GbMonth].Usd, Is.EqualTo(0.10m));
        Assert.That(prices.Instance("m5.large")!.Usd, Is.EqualTo(0.096m));
        Assert.That(prices.Instance("t3a.small")!.Usd, Is.EqualTo(0.0188m));
        Assert.That(prices.Instance("t2.small")!.Usd, Is.EqualTo(0.023m));
        Assert.That(prices.Instance("m7i.large")!.Usd, Is.EqualTo(0.1008m));
    }

    [Test]
    public void Every_instance_type_validation_accepts_has_a_price()
    {
        var prices = PriceTable.Shipped.Regions["us-east-1"];

        Assert.That(InstanceTypes.All().Where(t => prices.Instance(t) is null), Is.Empty);
        Assert.That(InstanceTypes.All(), Does.Contain("m7i.large").And.Contain("t3a.small").And.Contain("r7g.4xlarge"));
    }

    [Test]
    public void A_table_without_a_type_prices_everything_else_as_before()
    {
        var without = PriceTable.Shipped.Without("m7i.large").Regions["us-east-1"];

        Assert.That(without.Instance("m7i.large"), Is.Null);
        Assert.That(without.Instance("t3.large")!.Usd, Is.EqualTo(0.0832m));
        Assert.That(PriceTable.Shipped.Regions["us-east-1"].Instance("m7i.large"), Is.Not.Null, "the shipped table is left as it is");
    }

    [Test]
    public void Every_priced_instance_type_is_one_the_stack_accepts()
    {
        var priced = PriceTable.Shipped.Regions["us-east-1"].InstanceHour.Keys;

        Assert.That(priced.Where(t => InstanceTypes.Find(t) is null), Is.Empty);
    }

    [Test]
    public void A_table_with_a_figure_missing_its_source_is_rejected()
    {
        const string json = """
            { "currency": "USD", "hoursPerMonth": 730, "regions": { "us-east-1": {
              "instanceHour": { "t3.small": { "usd": 0.0208, "asOf": "2026" } } } } }
            """;

        Assert.That(() => PriceTable.Parse(json), Throws.TypeOf<FormatException>().With.Message.Contains("us-east-1.instanceHour.t3.small"));
    }
}
