using Infra.Model.Outputs;

namespace Infra.Tests;

/// <summary>
/// The whole program under the mocked engine: the outputs other stacks rely on (names and values), the wiring
/// between components, and that every resource belongs to the component that deploys it.
/// </summary>
public class StackTests
{
    private const string AlbType = "aws:lb/loadBalancer:LoadBalancer";
    private const string ListenerType = "aws:lb/listener:Listener";
    private const string ListenerRuleType = "aws:lb/listenerRule:ListenerRule";
    private const string GroupType = "aws:autoscaling/group:Group";
    private const string LaunchTemplateType = "aws:ec2/launchTemplate:LaunchTemplate";

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Outputs_are_exactly_the_documented_contract(string stack)
    {
        var run = await StackRun.SharedAsync(stack);

        var expected = StackOutputs.For(["product-service", "website-service"]);
        Assert.That(run.Outputs.Keys, Is.EquivalentTo(expected));
        Assert.That(expected, Does.Contain("ProductServiceUrl").And.Contain("WebsiteServiceUrl"));
    }

    [TestCase("dev", 2, "http")]
    [TestCase("prod", 3, "https")]
    public async Task Output_values_come_from_the_resources_they_name(string stack, int zones, string scheme)
    {
        var run = await StackRun.SharedAsync(stack);

        var dnsName = $"{stack}-alb-{MockedAws.Suffix($"{stack}-alb")}-1234567890.{MockedAws.Region}.elb.amazonaws.com";
        var albUrl = $"{scheme}://{dnsName}";
        async Task<T> Out<T>(string name) => await run.OutputValue<T>(name);
        var values = new
        {
            VpcId = await Out<string>(StackOutputs.VpcId),
            VpcCidr = await Out<string>(StackOutputs.VpcCidr),
            Public = await Out<ImmutableArray<string>>(StackOutputs.PublicSubnetIds),
            Private = await Out<ImmutableArray<string>>(StackOutputs.PrivateSubnetIds),
            DnsName = await Out<string>(StackOutputs.AlbDnsName),
            ZoneId = await Out<string>(StackOutputs.AlbZoneId),
            AlbUrl = await Out<string>(StackOutputs.AlbUrl),
            Product = await Out<string>("ProductServiceUrl"),
            Website = await Out<string>("WebsiteServiceUrl"),
            ServiceUrls = await Out<ImmutableDictionary<string, string>>(StackOutputs.ServiceUrls),
            LogGroups = await Out<ImmutableDictionary<string, string>>(StackOutputs.ServiceLogGroups),
            FlowLogGroup = await Out<string>(StackOutputs.FlowLogGroup),
            InstanceLogGroups = await Out<ImmutableArray<string>>(StackOutputs.InstanceLogGroups),
            AlbSg = await Out<string>(StackOutputs.AlbSecurityGroupId),
            HostSg = await Out<string>(StackOutputs.HostSecurityGroupId),
            ClusterArn = await Out<string>(StackOutputs.ClusterArn),
            ExecutionRoleArn = await Out<string>(StackOutputs.ExecutionRoleArn),
        };

        Assert.Multiple(() =>
        {
            Assert.That(values.VpcId, Is.EqualTo("vpc-0abc"));
            Assert.That(values.VpcCidr, Is.EqualTo("10.180.0.0/16"));
            Assert.That(values.Public, Is.EqualTo(Enumerable.Range(0, zones).Select(i => $"subnet-public-{i}")));
            Assert.That(values.Private, Is.EqualTo(Enumerable.Range(0, zones).Select(i => $"subnet-private-{i}")));
            Assert.That(values.DnsName, Is.EqualTo(dnsName));
            Assert.That(values.ZoneId, Is.EqualTo("Z35SXDOTRQ7X7K"));
            Assert.That(values.AlbUrl, Is.EqualTo(albUrl));
            Assert.That(values.Product, Is.EqualTo($"{albUrl}/products"));
            Assert.That(values.Website, Is.EqualTo($"{albUrl}/"));
            Assert.That(values.ServiceUrls, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["product-service"] = $"{albUrl}/products",
                ["website-service"] = $"{albUrl}/",
            }));
            Assert.That(values.LogGroups, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["product-service"] = $"/ecs/ecs-refarch/{stack}/product-service",
                ["website-service"] = $"/ecs/ecs-refarch/{stack}/website-service",
            }));
            Assert.That(values.FlowLogGroup, Is.EqualTo($"/vpc/ecs-refarch/{stack}/flow-logs"));
            Assert.That(values.InstanceLogGroups, Is.Not.Empty.And.All.StartsWith($"/ec2/ecs-refarch/{stack}/"));
            Assert.That(values.AlbSg, Does.StartWith("sg-"));
            Assert.That(values.HostSg, Does.StartWith("sg-").And.Not.EqualTo(values.AlbSg));
            Assert.That(values.ClusterArn, Does.StartWith($"arn:aws:ecs:{MockedAws.Region}:{MockedAws.AccountId}:cluster/"));
            Assert.That(values.ExecutionRoleArn, Does.StartWith($"arn:aws:iam::{MockedAws.AccountId}:role/"));
        });
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Alb_is_in_the_public_subnets_and_hosts_in_the_private_ones(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var publicIds = await run.OutputValue<ImmutableArray<string>>(StackOutputs.PublicSubnetIds);
        var privateIds = await run.OutputValue<ImmutableArray<string>>(StackOutputs.PrivateSubnetIds);

        var alb = run.Registered(AlbType).Single().Inputs;
        var group = run.Registered(GroupType).Single().Inputs;

        Assert.That(Strings(alb["subnets"]), Is.EquivalentTo(publicIds));
        Assert.That(Strings(group["vpcZoneIdentifiers"]), Is.EquivalentTo(privateIds));
        Assert.That(Strings(alb["securityGroups"]), Is.EqualTo(new[] { await run.OutputValue<string>(StackOutputs.AlbSecurityGroupId) }));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Launch_template_puts_hosts_in_the_host_security_group(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var hostSg = await run.OutputValue<string>(StackOutputs.HostSecurityGroupId);

        var template = run.Registered(LaunchTemplateType).Single().Inputs;

        var interfaces = (ImmutableArray<object>)template["networkInterfaces"];
        var groups = Strings(((ImmutableDictionary<string, object>)interfaces.Single())["securityGroups"]);
        Assert.That(groups, Is.EqualTo(new[] { hostSg }));
    }

    [TestCase("dev", 80.0)]
    [TestCase("prod", 443.0)]
    public async Task Every_service_route_is_on_the_serving_listener(string stack, double servingPort)
    {
        var run = await StackRun.SharedAsync(stack);
        var listenerArn = await run.OutputValue<string>(StackOutputs.AlbListenerArn);

        var serving = run.All<Pulumi.Aws.LB.Listener>()
            .Single(l => (double)run.Inputs(ListenerType, l.GetResourceName())["port"] == servingPort);
        var rules = run.Registered(ListenerRuleType).ToList();

        Assert.That(await StackRun.Value(serving.Arn), Is.EqualTo(listenerArn));
        Assert.That(rules.Select(r => (string)r.Inputs["listenerArn"]).ToList(), Has.Count.EqualTo(2).And.All.EqualTo(listenerArn));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Every_resource_belongs_to_a_component_and_components_to_the_stack(string stack)
    {
        var run = await StackRun.SharedAsync(stack);
        var components = run.Resources.Where(r => r.GetResourceType().StartsWith("ecs-refarch:", StringComparison.Ordinal)).ToList();
        var componentNames = components.Select(c => c.GetResourceName()).ToHashSet();

        Assert.That(components.Select(c => c.GetResourceType()), Is.SupersetOf(new[]
        {
            "ecs-refarch:network:Network", "ecs-refarch:security:SecurityGroups", "ecs-refarch:iam:ClusterRoles",
            "ecs-refarch:edge:LoadBalancer", "ecs-refarch:compute:Cluster", "ecs-refarch:service:Service",
            "ecs-refarch:observability:Observability",
        }));
        Assert.That(components.Select(run.ParentOf), Has.All.Null, "components hang off the stack");

        var orphans = run.Parents
            .Where(p => !p.Key.Type.StartsWith("ecs-refarch:", StringComparison.Ordinal) && (p.Value is null || !componentNames.Contains(p.Value)))
            .Select(p => $"{p.Key.Type} {p.Key.Name} (parent {p.Value ?? "none"})");
        Assert.That(orphans, Is.Empty);
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task Routes_and_target_groups_belong_to_their_service(string stack)
    {
        var run = await StackRun.SharedAsync(stack);

        foreach (var rule in run.All<Pulumi.Aws.LB.ListenerRule>())
        {
            var pattern = PathPattern(run.Inputs(ListenerRuleType, rule.GetResourceName()));
            var owner = run.ParentOf(rule);
            Assert.That((pattern, owner), Is.AnyOf(("/products", "product-service"), ("/", "website-service")));
        }

        // Prod deploys canary: each service also owns the alternate group its new revisions start in.
        var owners = stack == "prod"
            ? new[] { "product-service", "product-service", "website-service", "website-service" }
            : ["product-service", "website-service"];
        Assert.That(run.All<Pulumi.Aws.LB.TargetGroup>().Select(run.ParentOf), Is.EquivalentTo(owners));
    }

    [Test]
    public async Task The_provider_tags_every_resource_with_project_stack_and_owner()
    {
        var run = await StackRun.SharedAsync("dev");

        var provider = run.Registered("pulumi:providers:aws").Single(p => p.Name == "aws").Inputs;

        Assert.That(provider["region"], Is.EqualTo("us-east-1"));
        var defaultTags = provider["defaultTags"];
        var tags = defaultTags is string json
            ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(json)!["tags"]
            : ((ImmutableDictionary<string, object>)((ImmutableDictionary<string, object>)defaultTags)["tags"]).ToDictionary(kv => kv.Key, kv => (string)kv.Value);
        Assert.That(tags, Does.ContainKey("project").WithValue("ecs-refarch")
            .And.ContainKey("stack").WithValue("dev")
            .And.ContainKey("owner").WithValue("platform-team"));
    }

    [Test]
    public async Task Invokes_are_asked_once_each()
    {
        // Dev: prod pins its AMI, so only dev reads the SSM parameter (CapacityTests covers the pin).
        var run = await StackRun.SharedAsync("dev");

        var tokens = run.Engine.Calls.Select(c => c.Token).ToList();

        Assert.That(tokens.Count(t => t == "aws:index/getAvailabilityZones:getAvailabilityZones"), Is.EqualTo(1));
        Assert.That(tokens.Count(t => t == "aws:index/getPartition:getPartition"), Is.EqualTo(1));
        Assert.That(
            run.Engine.Calls.Where(c => c.Token == "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings").Select(c => c.Args["locationType"]),
            Is.EqualTo(new[] { "availability-zone" }));
        Assert.That(
            run.Engine.Calls.Where(c => c.Token == "aws:ssm/getParameter:getParameter").Select(c => (string)c.Args["name"]),
            Is.EqualTo(new[] { "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id" }));
    }

    [Test]
    public async Task A_third_service_from_configuration_gets_its_own_route_and_url()
    {
        var run = await StackRun.SharedAsync("dev", c => c.With("services", """
            [
              {"name":"product-service","image":"example/product:1","containerPort":8001,"pathPattern":"/products"},
              {"name":"website-service","image":"example/website:1","containerPort":8000,"pathPattern":"/"},
              {"name":"orders","image":"example/orders:1","containerPort":9000,"pathPattern":"/orders/*"}
            ]
            """));

        var urls = await run.OutputValue<ImmutableDictionary<string, string>>(StackOutputs.ServiceUrls);
        var albUrl = await run.OutputValue<string>(StackOutputs.AlbUrl);

        Assert.That(urls["orders"], Is.EqualTo($"{albUrl}/orders/"));
        Assert.That(run.Registered(ListenerRuleType).Select(r => PathPattern(r.Inputs)), Is.EquivalentTo(new[] { "/products", "/", "/orders/*" }));
    }

    private static string[] Strings(object value) => [.. ((ImmutableArray<object>)value).Cast<string>()];

    private static string PathPattern(ImmutableDictionary<string, object> ruleInputs)
    {
        var condition = (ImmutableDictionary<string, object>)((ImmutableArray<object>)ruleInputs["conditions"]).Single();
        var pathPattern = (ImmutableDictionary<string, object>)condition["pathPattern"];
        return (string)((ImmutableArray<object>)pathPattern["values"]).Single();
    }
}
