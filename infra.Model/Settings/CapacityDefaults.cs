namespace Infra.Model.Settings;

/// <summary>
/// How each environment buys hosts when a stack file does not say. Both buy on-demand only (today's behaviour);
/// prod's base of three on-demand hosts means that turning on a Spot share there keeps a host per AZ of the
/// default three AZs that no Spot interruption can take.
/// </summary>
public sealed record CapacityDefaults(int OnDemandBaseCapacity, int OnDemandPercentageAboveBase)
{
    public static readonly CapacityDefaults Dev = new(OnDemandBaseCapacity: 0, OnDemandPercentageAboveBase: 100);

    public static readonly CapacityDefaults Prod = new(OnDemandBaseCapacity: 3, OnDemandPercentageAboveBase: 100);

    public static CapacityDefaults For(EnvironmentKind environment) =>
        environment == EnvironmentKind.Prod ? Prod : Dev;
}
