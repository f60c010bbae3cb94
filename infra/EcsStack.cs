using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Infra.Components;
using Infra.Model.Compute;
using Infra.Model.Iam;
using Infra.Model.Network;
using Infra.Model.Outputs;
using Infra.Model.Routing;
using Infra.Model.Services;
using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra;

/// <summary>
/// The stack, top-down like the architecture diagram: settings (validated before anything exists), then
/// Network → SecurityGroups and ClusterRoles → LoadBalancer → Cluster → one Service per configured service →
/// Observability (alarms, topic, dashboard).
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A Pulumi stack, not a System.Collections.Stack; the name is the program's entry point that the tests and the benchmark call.")]
public static class EcsStack
{
    /// <param name="raw">The raw configuration, as Pulumi hands it over (see <see cref="PulumiConfigSource"/>).</param>
    /// <param name="stack">The stack's name.</param>
    /// <param name="observer">Applied to every component and its descendants; tests use it to record parents.</param>
    public static async Task<IDictionary<string, object?>> BuildAsync(
        IReadOnlyDictionary<string, string> raw, string stack, ResourceTransformation? observer = null)
    {
        // Facts from AWS that validation needs are asked first: an invoke creates nothing.
        var zones = await Aws.GetAvailabilityZones.InvokeAsync(new Aws.GetAvailabilityZonesArgs { State = "available" });
        var identity = await Aws.GetCallerIdentity.InvokeAsync();
        var settings = SettingsLoader.Load(raw, stack, zones.Names, identity.AccountId);

        // The hosts' instance type must be offered in every AZ the group launches into, or that AZ stays empty.
        var offerings = await Aws.Ec2.GetInstanceTypeOfferings.InvokeAsync(new Aws.Ec2.GetInstanceTypeOfferingsArgs
        {
            LocationType = "availability-zone",
            Filters = { new Aws.Ec2.Inputs.GetInstanceTypeOfferingsFilterArgs { Name = "instance-type", Values = { settings.Cluster.InstanceType } } },
        });
        var (zoneNames, zoneErrors) = ZoneChoice.For(settings.Network, settings.Cluster.InstanceType, zones.Names, offerings.Locations);
        if (zoneErrors.Count > 0)
        {
            throw new SettingsValidationException(zoneErrors);
        }

        var subnets = SubnetPlan.For(settings.Network);
        var routes = RoutingPlan.For(settings.Services);
        var partition = (await Aws.GetPartition.InvokeAsync()).Partition;

        // One provider for everything: region and default tags (project, stack, owner) from the validated settings.
        var provider = new Aws.Provider("aws", new Aws.ProviderArgs
        {
            Region = settings.Region,
            DefaultTags = new Aws.Inputs.ProviderDefaultTagsArgs { Tags = ToInputMap(settings.Tags) },
        });

        ComponentResourceOptions Options()
        {
            var options = new ComponentResourceOptions { Providers = { provider } };
            if (observer is not null)
            {
                options.ResourceTransformations.Add(observer);
            }

            return options;
        }

        // A pinned AMI changes only when someone changes the pin; the SSM parameter whenever AWS publishes an AMI.
        var amiId = FleetPlan.For(settings).PinnedAmiId is { } pinnedAmi
            ? Output.Create(pinnedAmi)
            : Aws.Ssm.GetParameter.Invoke(
                new Aws.Ssm.GetParameterInvokeArgs { Name = ClusterPlan.For(settings).AmiParameter },
                new InvokeOptions { Provider = provider }).Apply(p => p.InsecureValue);

        var network = new Network("network", new NetworkArgs(settings, subnets, zoneNames, new AccountScope(partition, settings.Region, identity.AccountId)), Options());

        var securityGroups = new SecurityGroups("security", new SecurityGroupsArgs(settings, network.VpcId), Options());

        var roles = new ClusterRoles("roles", new ClusterRolesArgs(settings, partition), Options());

        // With a domain and its zone but no certificate ARN, the stack requests one; the listener waits for its validation.
        var certificate = settings.LoadBalancer.Domain is { } domain && domain.RequestsCertificate(settings.LoadBalancer)
            ? new DomainCertificate("certificate", new DomainCertificateArgs(domain), Options())
            : null;

        var loadBalancer = new LoadBalancer("edge", new LoadBalancerArgs(
            settings,
            network.VpcId,
            network.PublicSubnetIds,
            securityGroups.AlbSecurityGroupId,
            partition,
            identity.AccountId,
            certificate?.CertificateArn), Options());

        var serviceNamespace = new ServiceNamespace("discovery", new ServiceNamespaceArgs(settings), Options());

        var cluster = new Cluster("cluster", new ClusterArgs(
            settings,
            network.PrivateSubnetIds,
            securityGroups.HostSecurityGroupId,
            roles.InstanceProfileArn,
            amiId,
            serviceNamespace.Arn), Options());

        // With Service Connect, services that are called are created first, so their callers can depend on them.
        IReadOnlyList<ServiceSettings> inRouteOrder = [.. routes.Select(route => settings.Services.Single(s => s.Name == route.Service))];
        var order = ServiceConnect.Enabled(settings)
            ? ServiceConnect.DeploymentOrder(inRouteOrder) ?? throw new InvalidOperationException("service calls form a circle; settings validation rejects that")
            : inRouteOrder;
        var created = new Dictionary<string, Service>(StringComparer.Ordinal);
        foreach (var service in order)
        {
            IReadOnlyList<Service> called = ServiceConnect.Enabled(settings) ? [.. ServiceConnect.Calls(service).Select(n => created[n])] : [];
            created[service.Name] = new Service(service.Name, new ServiceArgs(
                settings,
                service,
                routes,
                cluster,
                loadBalancer,
                roles.ExecutionRoleArn,
                roles.TaskRoleArn(service.Name),
                serviceNamespace.Arn,
                called), Options());
        }

        var services = inRouteOrder.Select(s => created[s.Name]).ToList();

        // Alarms on every part above, sent to the stack's topic; the services roll back on theirs by name.
        var observability = new Observability("observability", new ObservabilityArgs(
            settings,
            partition,
            loadBalancer,
            cluster,
            network.NatGatewayIds,
            services), Options());

        var outputs = new Dictionary<string, object?>
        {
            [StackOutputs.VpcId] = network.VpcId,
            [StackOutputs.VpcCidr] = network.VpcCidr,
            [StackOutputs.PublicSubnetIds] = network.PublicSubnetIds,
            [StackOutputs.PrivateSubnetIds] = network.PrivateSubnetIds,
            [StackOutputs.AlbArn] = loadBalancer.Arn,
            [StackOutputs.AlbDnsName] = loadBalancer.DnsName,
            [StackOutputs.AlbZoneId] = loadBalancer.ZoneId,
            [StackOutputs.AlbListenerArn] = loadBalancer.ListenerArn,
            [StackOutputs.AlbUrl] = loadBalancer.Url,
            [StackOutputs.AlbSecurityGroupId] = securityGroups.AlbSecurityGroupId,
            [StackOutputs.HostSecurityGroupId] = securityGroups.HostSecurityGroupId,
            [StackOutputs.ClusterName] = cluster.ClusterName,
            [StackOutputs.ClusterArn] = cluster.ClusterArn,
            [StackOutputs.CapacityProviderName] = cluster.CapacityProviderName,
            [StackOutputs.AutoScalingGroupName] = cluster.AutoScalingGroupName,
            [StackOutputs.ExecutionRoleArn] = roles.ExecutionRoleArn,
            [StackOutputs.ServiceUrls] = ToOutputMap(services.ToDictionary(s => s.GetResourceName(), s => s.Url)),
            [StackOutputs.ServiceLogGroups] = ToOutputMap(services.ToDictionary(s => s.GetResourceName(), s => s.LogGroupName)),
            [StackOutputs.InstanceLogGroups] = cluster.InstanceLogGroupNames,
            [StackOutputs.FlowLogGroup] = network.FlowLogGroupName,
            [StackOutputs.AlarmTopicArn] = observability.AlarmTopicArn,
            [StackOutputs.DashboardUrl] = observability.DashboardUrl,
            [StackOutputs.ServiceConnectNamespaceArn] = serviceNamespace.Arn,
            [StackOutputs.ServiceConnectNamespaceName] = serviceNamespace.NamespaceName,
        };

        foreach (var service in services.Where(s => StackOutputs.ReferenceServiceUrls.ContainsKey(s.GetResourceName())))
        {
            outputs[StackOutputs.ReferenceServiceUrls[service.GetResourceName()]] = service.Url;
        }

        return outputs;
    }

    private static InputMap<string> ToInputMap(IReadOnlyDictionary<string, string> values)
    {
        var map = new InputMap<string>();
        foreach (var (key, value) in values)
        {
            map.Add(key, value);
        }

        return map;
    }

    private static Output<ImmutableDictionary<string, string>> ToOutputMap(IReadOnlyDictionary<string, Output<string>> values) =>
        Output.All(values.Select(kv => kv.Value.Apply(v => KeyValuePair.Create(kv.Key, v))))
            .Apply(pairs => pairs.ToImmutableDictionary());
}
