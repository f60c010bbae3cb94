using System.Collections.Immutable;
using Infra.Model.Iam;
using Infra.Model.Naming;
using Infra.Model.Network;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;
using Awsx = Pulumi.Awsx;

namespace Infra.Components;

/// <param name="Settings">The validated stack settings.</param>
/// <param name="Subnets">The explicit subnet plan, one public and one private subnet per zone.</param>
/// <param name="ZoneNames">The zones, in the plan's order: zone i gets the plan's i-th subnets.</param>
/// <param name="Account">The account, region and partition deployed into: the flow-log role trusts only their flow logs.</param>
public sealed record NetworkArgs(StackSettings Settings, SubnetPlan Subnets, IReadOnlyList<string> ZoneNames, AccountScope? Account = null);

/// <summary>
/// The reference's vpc.yaml: a VPC with a public and a private subnet per zone, an internet gateway and NAT
/// (one per zone in prod, a single one in dev). Added: flow logs of all traffic (N1) and a default security group
/// with no rules (N2). Awsx maps public IPs only in the public subnets, which hold the load balancer and the NAT
/// gateways; hosts live in the private subnets, which never map them (N3).
/// </summary>
public sealed class Network : ComponentResource
{
    [Output("vpcId")]
    public Output<string> VpcId { get; private set; }

    [Output("vpcCidr")]
    public Output<string> VpcCidr { get; private set; }

    [Output("publicSubnetIds")]
    public Output<ImmutableArray<string>> PublicSubnetIds { get; private set; }

    [Output("privateSubnetIds")]
    public Output<ImmutableArray<string>> PrivateSubnetIds { get; private set; }

    [Output("flowLogGroupName")]
    public Output<string> FlowLogGroupName { get; private set; }

    /// <summary>The ids of the NAT gateways awsx created (one per AZ, or one), in its order; the alarms' dimensions.</summary>
    [Output("natGatewayIds")]
    public Output<ImmutableArray<string>> NatGatewayIds { get; private set; }

    public Network(string name, NetworkArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:network:Network", name, options)
    {
        var settings = args.Settings;
        var plan = args.Subnets;
        if (args.ZoneNames.Count != plan.Zones.Count)
        {
            throw new ArgumentException($"{args.ZoneNames.Count} zones for a subnet plan of {plan.Zones.Count}", nameof(args));
        }

        var vpc = new Awsx.Ec2.Vpc($"{name}-vpc", new Awsx.Ec2.VpcArgs
        {
            CidrBlock = plan.Vpc.ToString(),
            AvailabilityZoneNames = [.. args.ZoneNames],

            // Auto with explicit CidrBlocks takes the plan as it is; Legacy (awsx's default) would ignore the blocks.
            SubnetStrategy = Awsx.Ec2.SubnetAllocationStrategy.Auto,
            SubnetSpecs =
            {
                new Awsx.Ec2.Inputs.SubnetSpecArgs
                {
                    Type = Awsx.Ec2.SubnetType.Public,
                    CidrBlocks = [.. plan.Public.Select(c => c.ToString())],
                },
                new Awsx.Ec2.Inputs.SubnetSpecArgs
                {
                    Type = Awsx.Ec2.SubnetType.Private,
                    CidrBlocks = [.. plan.Private.Select(c => c.ToString())],
                },
            },
            NatGateways = new Awsx.Ec2.Inputs.NatGatewayConfigurationArgs
            {
                Strategy = settings.Network.NatGateways == NatGatewayMode.OnePerAz
                    ? Awsx.Ec2.NatGatewayStrategy.OnePerAz
                    : Awsx.Ec2.NatGatewayStrategy.Single,
            },

            // Private DNS names for the hosts, and resolution of interface endpoints should any be added.
            EnableDnsSupport = true,
            EnableDnsHostnames = true,
        }, VpcOptions(options));

        var logGroupArgs = new Aws.CloudWatch.LogGroupArgs
        {
            Name = ResourceNames.FlowLogGroup(settings.Project, settings.Stack),
            RetentionInDays = settings.Logging.RetentionDays,
        };
        if (settings.Logging.KmsKeyArn is { } kmsKey)
        {
            logGroupArgs.KmsKeyId = kmsKey;
        }

        var logGroup = new Aws.CloudWatch.LogGroup($"{name}-flow-logs", logGroupArgs, new CustomResourceOptions { Parent = this });

        var rolePlan = RolePlans.FlowLogs(settings.Stack, args.Account);
        var role = new Aws.Iam.Role(rolePlan.Name, new Aws.Iam.RoleArgs
        {
            AssumeRolePolicy = rolePlan.TrustPolicy.ToJson(),
            Description = rolePlan.Description,
        }, new CustomResourceOptions { Parent = this });

        var policy = new Aws.Iam.RolePolicy($"{name}-flow-logs-delivery", new Aws.Iam.RolePolicyArgs
        {
            Role = role.Name,
            Policy = logGroup.Arn.Apply(arn => RolePlans.FlowLogsPolicy(arn).ToJson()),
        }, new CustomResourceOptions { Parent = this });

        _ = new Aws.Ec2.FlowLog($"{name}-flow-log", new Aws.Ec2.FlowLogArgs
        {
            VpcId = vpc.VpcId,
            TrafficType = "ALL",
            LogDestinationType = "cloud-watch-logs",
            LogDestination = logGroup.Arn,
            IamRoleArn = role.Arn,
        }, new CustomResourceOptions { Parent = this, DependsOn = { policy } });

        // Adopting the default group removes all its rules; with none given it stays empty, so nothing that lands
        // in it by omission can talk to anything.
        _ = new Aws.Ec2.DefaultSecurityGroup($"{name}-default-sg", new Aws.Ec2.DefaultSecurityGroupArgs
        {
            VpcId = vpc.VpcId,
        }, new CustomResourceOptions { Parent = this });

        VpcId = vpc.VpcId;
        VpcCidr = Output.Create(plan.Vpc.ToString());
        PublicSubnetIds = vpc.PublicSubnetIds;
        PrivateSubnetIds = vpc.PrivateSubnetIds;
        FlowLogGroupName = logGroup.Name;
        NatGatewayIds = vpc.NatGateways.Apply(gateways => gateways.IsDefaultOrEmpty
            ? Output.Create(ImmutableArray<string>.Empty)
            : Output.All(gateways.Select(gateway => gateway.Id)));
        RegisterOutputs();
    }

    /// <summary>
    /// awsx's VPC is a remote component: the .NET SDK sends it only the providers passed to it directly, never those
    /// it would inherit from this component (pulumi/pulumi-dotnet#599), so its subnets, gateways and routes would
    /// fall back to the default provider and miss the stack's default tags. Hand the stack's providers on.
    /// </summary>
    private ComponentResourceOptions VpcOptions(ComponentResourceOptions? options)
    {
        var vpcOptions = new ComponentResourceOptions { Parent = this };
        if (options is null)
        {
            return vpcOptions;
        }

        vpcOptions.Providers.AddRange(options.Providers);
        if (options.Provider is { } provider && vpcOptions.Providers.Count == 0)
        {
            vpcOptions.Providers.Add(provider);
        }

        return vpcOptions;
    }
}
