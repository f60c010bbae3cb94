using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Infra.Components;
using Infra.Model.Outputs;
using Infra.Model.Routing;
using Pulumi.Testing;
using Pulumi.Utilities;
using Aws = Pulumi.Aws;

namespace Infra.Tests;

/// <summary>The edge: ALB, listeners per environment, access logs, WAF, and what services attach to it.</summary>
public class LoadBalancerTests
{
    private const string AlbType = "aws:lb/loadBalancer:LoadBalancer";
    private const string ListenerType = "aws:lb/listener:Listener";
    private const string RuleType = "aws:lb/listenerRule:ListenerRule";
    private const string TargetGroupType = "aws:lb/targetGroup:TargetGroup";
    private const string BucketType = "aws:s3/bucket:Bucket";
    private const string ProdCertificate = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000";
    private const string WebAclArn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/edge/0b1c2d3e-0000-4000-8000-000000000000";

    private static readonly string[] ReferenceServices = ["product-service", "website-service"];

    private static StackSettings Settings(string stack) => SettingsLoader.Load(TestConfig.From(stack).Values, stack, MockedAws.Zones);

    private static JsonObject Inputs(StackRun run, string type, string name) => PlannedInputs.ToJson(run.Inputs(type, name));

    private static JsonObject First(JsonNode? list) => list!.AsArray().Single()!.AsObject();

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static double Number(JsonNode? node) => node!.GetValue<double>();

    private static string[] Texts(JsonNode? node) => [.. node!.AsArray().Select(Text)];

    [Test]
    public async Task Dev_serves_both_rules_on_one_HTTP_listener_whose_default_is_a_fixed_404()
    {
        var run = await StackRun.SharedAsync("dev");

        Assert.That(run.Registered(ListenerType).Select(r => r.Name), Is.EqualTo(new[] { "edge-http" }));
        var http = Inputs(run, ListenerType, "edge-http");
        Assert.That(Number(http["port"]), Is.EqualTo(80));
        Assert.That(Text(http["protocol"]), Is.EqualTo("HTTP"));
        Assert.That(http.ContainsKey("certificateArn"), Is.False);
        var action = First(http["defaultActions"]);
        Assert.That(Text(action["type"]), Is.EqualTo("fixed-response"));
        Assert.That(Text(action["fixedResponse"]!["statusCode"]), Is.EqualTo("404"));
        Assert.That(Text(action["fixedResponse"]!["contentType"]), Is.EqualTo("text/plain"));

        var httpArn = await StackRun.Value(run.Single<Aws.LB.Listener>("edge-http").Arn);
        foreach (var service in ReferenceServices)
        {
            Assert.That(Text(Inputs(run, RuleType, $"{service}-rule")["listenerArn"]), Is.EqualTo(httpArn), service);
        }

        Assert.That(await run.OutputValue<string>(StackOutputs.AlbListenerArn), Is.EqualTo(httpArn));
        var dnsName = await StackRun.Value(run.Single<Aws.LB.LoadBalancer>("dev-alb").DnsName);
        Assert.That(await run.OutputValue<string>(StackOutputs.AlbUrl), Is.EqualTo($"http://{dnsName}"));
    }

    [Test]
    public async Task L1_L2_prod_redirects_HTTP_with_301_to_443_and_serves_the_rules_on_HTTPS_with_certificate_and_TLS13_policy()
    {
        var run = await StackRun.SharedAsync("prod");

        Assert.That(run.Registered(ListenerType).Select(r => r.Name), Is.EquivalentTo(new[] { "edge-http", "edge-https" }));
        var redirect = First(Inputs(run, ListenerType, "edge-http")["defaultActions"]);
        Assert.That(Text(redirect["type"]), Is.EqualTo("redirect"));
        Assert.That(Text(redirect["redirect"]!["protocol"]), Is.EqualTo("HTTPS"));
        Assert.That(Text(redirect["redirect"]!["port"]), Is.EqualTo("443"));
        Assert.That(Text(redirect["redirect"]!["statusCode"]), Is.EqualTo("HTTP_301"));

        var https = Inputs(run, ListenerType, "edge-https");
        Assert.That(Number(https["port"]), Is.EqualTo(443));
        Assert.That(Text(https["protocol"]), Is.EqualTo("HTTPS"));
        Assert.That(Text(https["certificateArn"]), Is.EqualTo(ProdCertificate));
        Assert.That(Text(https["sslPolicy"]), Is.EqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06"));
        Assert.That(Text(First(https["defaultActions"])["fixedResponse"]!["statusCode"]), Is.EqualTo("404"));

        var httpsArn = await StackRun.Value(run.Single<Aws.LB.Listener>("edge-https").Arn);
        foreach (var service in ReferenceServices)
        {
            Assert.That(Text(Inputs(run, RuleType, $"{service}-rule")["listenerArn"]), Is.EqualTo(httpsArn), $"{service} must not answer over plain HTTP");
        }

        Assert.That(await run.OutputValue<string>(StackOutputs.AlbListenerArn), Is.EqualTo(httpsArn));
        Assert.That(await run.OutputValue<string>(StackOutputs.AlbUrl), Does.StartWith("https://"));
    }

    [TestCase("dev", false)]
    [TestCase("prod", true)]
    public async Task L3_L4_L6_ALB_drops_invalid_headers_mitigates_desync_and_is_deletion_protected_in_prod(string stack, bool prod)
    {
        var run = await StackRun.SharedAsync(stack);

        var alb = Inputs(run, AlbType, $"{stack}-alb");
        Assert.That(alb["dropInvalidHeaderFields"]!.GetValue<bool>(), Is.True, "L3");
        Assert.That(Text(alb["desyncMitigationMode"]), Is.EqualTo("defensive").And.Not.EqualTo("monitor"), "L4");
        Assert.That(alb["enableDeletionProtection"]!.GetValue<bool>(), Is.EqualTo(prod), "L6");
        Assert.That(alb["internal"]!.GetValue<bool>(), Is.False);
        Assert.That(Text(alb["loadBalancerType"]), Is.EqualTo("application"));
        Assert.That(Number(alb["idleTimeout"]), Is.EqualTo(60));
    }

    [Test]
    public async Task L4_a_configured_strictest_desync_mode_reaches_the_ALB()
    {
        var run = await StackRun.SharedAsync("dev", c => c.With("desyncMitigationMode", "strictest"));

        Assert.That(Text(Inputs(run, AlbType, "dev-alb")["desyncMitigationMode"]), Is.EqualTo("strictest"));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public async Task L7_ALB_sits_in_every_public_subnet_of_at_least_two_AZs_behind_the_ALB_security_group(string stack)
    {
        var run = await StackRun.SharedAsync(stack);

        var alb = run.Single<Aws.LB.LoadBalancer>($"{stack}-alb");
        var publicSubnets = await run.OutputValue<ImmutableArray<string>>(StackOutputs.PublicSubnetIds);
        Assert.That(await StackRun.Value(alb.Subnets), Is.EquivalentTo(publicSubnets));
        Assert.That(publicSubnets.Length, Is.GreaterThanOrEqualTo(2));
        Assert.That(publicSubnets, Has.All.StartsWith("subnet-public-"));
        Assert.That(
            await StackRun.Value(alb.SecurityGroups),
            Is.EqualTo(new[] { await run.OutputValue<string>(StackOutputs.AlbSecurityGroupId) }));
    }

    [Test]
    public async Task L5_prod_logs_access_to_an_owned_bucket_that_is_encrypted_private_and_expires_logs()
    {
        var run = await StackRun.SharedAsync("prod");

        var bucket = run.Single<Aws.S3.Bucket>("edge-access-logs");
        var bucketName = await StackRun.Value(bucket.Id);
        var logs = Inputs(run, AlbType, "prod-alb")["accessLogs"]!;
        Assert.That(Text(logs["bucket"]), Is.EqualTo(bucketName));
        Assert.That(Text(logs["prefix"]), Is.EqualTo("alb"));
        Assert.That(logs["enabled"]!.GetValue<bool>(), Is.True);

        Assert.That(Inputs(run, BucketType, "edge-access-logs")["forceDestroy"]!.GetValue<bool>(), Is.False, "prod logs outlive the stack");
        var sse = Inputs(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "edge-access-logs-encryption");
        Assert.That(Text(sse["bucket"]), Is.EqualTo(bucketName));
        Assert.That(Text(First(sse["rules"])["applyServerSideEncryptionByDefault"]!["sseAlgorithm"]), Is.EqualTo("AES256"), "G2; ALB log delivery supports SSE-S3 only");
        var block = Inputs(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "edge-access-logs-public-access");
        Assert.That(
            new[] { "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets" }.Select(k => block[k]!.GetValue<bool>()),
            Has.All.True);
        var ownership = Inputs(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "edge-access-logs-ownership");
        Assert.That(Text(ownership["rule"]!["objectOwnership"]), Is.EqualTo("BucketOwnerEnforced"));
        var expiry = First(Inputs(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "edge-access-logs-lifecycle")["rules"]);
        Assert.That(Text(expiry["status"]), Is.EqualTo("Enabled"));
        Assert.That(Number(expiry["expiration"]!["days"]), Is.EqualTo(90));
    }

    [Test]
    public async Task L5_bucket_policy_admits_only_the_regions_ELB_account_under_this_accounts_prefix_and_denies_plain_HTTP()
    {
        var run = await StackRun.SharedAsync("prod");

        var bucketName = await StackRun.Value(run.Single<Aws.S3.Bucket>("edge-access-logs").Id);
        var policy = Inputs(run, "aws:s3/bucketPolicy:BucketPolicy", "edge-access-logs-policy");
        Assert.That(Text(policy["bucket"]), Is.EqualTo(bucketName));
        var statements = policy["policy"]!["Statement"]!.AsArray();
        var allow = statements.Single(s => Text(s!["Effect"]) == "Allow")!;
        Assert.That(Texts(allow["Principal"]!["AWS"]), Is.EqualTo(new[] { $"arn:aws:iam::{MockedAws.ElbLogDeliveryAccount}:root" }));
        Assert.That(Texts(allow["Action"]), Is.EqualTo(new[] { "s3:PutObject" }));
        Assert.That(Texts(allow["Resource"]), Is.EqualTo(new[] { $"arn:aws:s3:::{bucketName}/alb/AWSLogs/{MockedAws.AccountId}/*" }));
        var deny = statements.Single(s => Text(s!["Effect"]) == "Deny")!;
        Assert.That(Texts(deny["Condition"]!["Bool"]!["aws:SecureTransport"]), Is.EqualTo(new[] { "false" }));
        Assert.That(Texts(deny["Resource"]), Is.EquivalentTo(new[] { $"arn:aws:s3:::{bucketName}", $"arn:aws:s3:::{bucketName}/*" }));
        Assert.That(run.Engine.Calls.Select(c => c.Token), Does.Contain("aws:elb/getServiceAccount:getServiceAccount"));
    }

    [Test]
    public async Task Dev_keeps_no_access_log_bucket_and_leaves_logging_off()
    {
        var run = await StackRun.SharedAsync("dev");

        Assert.That(run.Registered(BucketType).Select(r => r.Name), Has.None.StartsWith("edge-"));
        var alb = Inputs(run, AlbType, "dev-alb");
        Assert.That(alb["accessLogs"]?["enabled"]?.GetValue<bool>() ?? false, Is.False);
    }

    [Test]
    public async Task L8_a_configured_web_ACL_is_associated_with_the_ALB_and_none_otherwise()
    {
        var withoutWaf = await StackRun.SharedAsync("dev");
        var withWaf = await StackRun.SharedAsync("dev", c => c.With("wafWebAclArn", WebAclArn));

        Assert.That(withoutWaf.Registered("aws:wafv2/webAclAssociation:WebAclAssociation"), Is.Empty);
        var association = Inputs(withWaf, "aws:wafv2/webAclAssociation:WebAclAssociation", "edge-waf");
        Assert.That(Text(association["webAclArn"]), Is.EqualTo(WebAclArn));
        Assert.That(Text(association["resourceArn"]), Is.EqualTo(await StackRun.Value(withWaf.Single<Aws.LB.LoadBalancer>("dev-alb").Arn)));
    }

    [TestCase("product-service", 8001, "/products")]
    [TestCase("website-service", 8000, "/")]
    public async Task L9_each_service_target_group_checks_its_path_on_the_traffic_port_and_drains_in_30s(string service, int port, string healthPath)
    {
        var run = await StackRun.SharedAsync("dev");

        var group = Inputs(run, TargetGroupType, $"{service}-tg");
        Assert.That(Text(group["protocol"]), Is.EqualTo("HTTP"));
        Assert.That(Number(group["port"]), Is.EqualTo(port));
        Assert.That(Text(group["targetType"]), Is.EqualTo("instance"));
        Assert.That(Text(group["vpcId"]), Is.EqualTo(await run.OutputValue<string>(StackOutputs.VpcId)));
        Assert.That(Number(group["deregistrationDelay"]), Is.EqualTo(30));
        var health = group["healthCheck"]!;
        Assert.That(Text(health["path"]), Is.EqualTo(healthPath));
        Assert.That(Text(health["matcher"]), Is.EqualTo("200-299"));
        Assert.That(Text(health["port"]), Is.EqualTo("traffic-port"));
        Assert.That(
            new[] { "interval", "timeout", "healthyThreshold", "unhealthyThreshold" }.Select(k => Number(health[k])),
            Is.EqualTo(new double[] { 10, 5, 2, 3 }));
    }

    [Test]
    public async Task Each_rule_matches_its_path_at_the_routing_plans_priority_and_forwards_to_its_own_target_group()
    {
        var run = await StackRun.SharedAsync("dev");
        var routes = RoutingPlan.For(Settings("dev").Services).ToDictionary(r => r.Service);

        foreach (var service in ReferenceServices)
        {
            var rule = Inputs(run, RuleType, $"{service}-rule");
            Assert.That(Number(rule["priority"]), Is.EqualTo(routes[service].Priority), service);
            Assert.That(Texts(First(rule["conditions"])["pathPattern"]!["values"]), Is.EqualTo(new[] { routes[service].PathPattern }), service);
            var action = First(rule["actions"]);
            Assert.That(Text(action["type"]), Is.EqualTo("forward"));
            Assert.That(
                Text(action["targetGroupArn"]),
                Is.EqualTo(await StackRun.Value(run.Single<Aws.LB.TargetGroup>($"{service}-tg").Arn)),
                $"{service} forwards to its own target group");
        }

        Assert.That(
            Number(Inputs(run, RuleType, "product-service-rule")["priority"]),
            Is.LessThan(Number(Inputs(run, RuleType, "website-service-rule")["priority"])),
            "/products is evaluated before /");
    }

    [Test]
    public async Task ALB_listeners_and_log_bucket_belong_to_the_edge_and_each_services_routing_to_that_service()
    {
        var run = await StackRun.SharedAsync("prod");

        Assert.That(run.ParentOf(run.Single<Aws.LB.LoadBalancer>("prod-alb")), Is.EqualTo("edge"));
        Assert.That(run.All<Aws.LB.Listener>().Select(run.ParentOf), Has.All.EqualTo("edge"));
        Assert.That(run.ParentOf(run.Single<Aws.S3.Bucket>("edge-access-logs")), Is.EqualTo("edge"));
        Assert.That(run.ParentOf(run.Single<Aws.S3.BucketPolicy>("edge-access-logs-policy")), Is.EqualTo("edge"));
        foreach (var service in ReferenceServices)
        {
            Assert.That(run.ParentOf(run.Single<Aws.LB.TargetGroup>($"{service}-tg")), Is.EqualTo(service));
            Assert.That(run.ParentOf(run.Single<Aws.LB.ListenerRule>($"{service}-rule")), Is.EqualTo(service));
        }
    }

    [Test]
    public async Task Stack_outputs_carry_the_ALBs_identity()
    {
        var run = await StackRun.SharedAsync("dev");
        var alb = run.Single<Aws.LB.LoadBalancer>("dev-alb");

        Assert.That(await run.OutputValue<string>(StackOutputs.AlbArn), Is.EqualTo(await StackRun.Value(alb.Arn)));
        Assert.That(await run.OutputValue<string>(StackOutputs.AlbDnsName), Is.EqualTo(await StackRun.Value(alb.DnsName)));
        Assert.That(await run.OutputValue<string>(StackOutputs.AlbZoneId), Is.EqualTo(await StackRun.Value(alb.ZoneId)));
    }

    [Test]
    public async Task Attach_parents_the_target_group_and_rule_to_the_given_resource_on_the_serving_listener()
    {
        var run = await DirectRun.SharedAsync("prod");

        Assert.That(run.Parents["product-service-tg"], Is.EqualTo("product-service"));
        Assert.That(run.Parents["product-service-rule"], Is.EqualTo("product-service"));
        Assert.That(run.Parents["prod-alb"], Is.EqualTo("edge"));
        Assert.That(
            await StackRun.Value(run.Route.Rule.ListenerArn),
            Is.EqualTo(await StackRun.Value(run.Edge.ListenerArn)));
        Assert.That(await StackRun.Value(run.Route.TargetGroup.VpcId), Is.EqualTo(DirectRun.VpcId));
    }

    [Test]
    public async Task L5_ALB_waits_for_the_bucket_policy_so_log_delivery_is_allowed_when_logging_starts()
    {
        var run = await DirectRun.SharedAsync("prod");

        Assert.That(run.AlbDependsOn, Is.Not.Null);
        var dependencies = await OutputUtilities.GetValueAsync<ImmutableArray<Resource>>(run.AlbDependsOn!);
        Assert.That(dependencies.Select(r => r.GetResourceName()), Does.Contain("edge-access-logs-policy"));
    }

    [Test]
    public async Task Attach_refuses_the_route_of_another_service()
    {
        await Assert.ThatAsync(
            () => DirectRun.RunAsync("dev", attachRouteOf: "website-service"),
            Throws.InstanceOf<Exception>().With.Message.Contains("the route of 'website-service' was given for service 'product-service'"));
    }

    /// <summary>A stand-in for the Service component: Attach only needs a parent.</summary>
    private sealed class FakeService : ComponentResource
    {
        public FakeService(string name, ComponentResourceOptions options)
            : base("test:index:FakeService", name, options)
        {
            RegisterOutputs();
        }
    }

    /// <summary>The load balancer alone under the mocked engine, with product-service attached to a stand-in parent.</summary>
    private sealed class DirectRun
    {
        public const string VpcId = "vpc-0direct";

        private static readonly ConcurrentDictionary<string, Lazy<Task<DirectRun>>> SharedRuns = new(StringComparer.Ordinal);

        public required LoadBalancer Edge { get; init; }

        public required ServiceRoute Route { get; init; }

        public required IReadOnlyDictionary<string, string?> Parents { get; init; }

        public InputList<Resource>? AlbDependsOn { get; init; }

        /// <summary>The stack's load balancer with product-service's own route attached, run once and read by every test that asks.</summary>
        public static Task<DirectRun> SharedAsync(string stack) =>
            SharedRuns.GetOrAdd(stack, name => new Lazy<Task<DirectRun>>(() => RunAsync(name))).Value;

        public static async Task<DirectRun> RunAsync(string stack, string attachRouteOf = "product-service")
        {
            var settings = Settings(stack);
            var routes = RoutingPlan.For(settings.Services);
            var parents = new ConcurrentDictionary<string, string?>();
            InputList<Resource>? albDependsOn = null;
            ResourceTransformation observer = args =>
            {
                parents[args.Resource.GetResourceName()] = args.Options.Parent?.GetResourceName();
                if (args.Resource.GetResourceType() == AlbType)
                {
                    albDependsOn = args.Options.DependsOn;
                }

                return null;
            };

            LoadBalancer? loadBalancer = null;
            ServiceRoute? route = null;
            await Deployment.TestAsync(
                new MockedAws(),
                new TestOptions { IsPreview = false, ProjectName = ConfigKeys.Project, StackName = stack },
                () =>
                {
                    loadBalancer = new LoadBalancer("edge", new LoadBalancerArgs(
                        settings,
                        Output.Create(VpcId),
                        Output.Create(ImmutableArray.Create("subnet-public-0", "subnet-public-1")),
                        Output.Create("sg-alb"),
                        "aws",
                        MockedAws.AccountId), new ComponentResourceOptions { ResourceTransformations = { observer } });
                    var parent = new FakeService("product-service", new ComponentResourceOptions { ResourceTransformations = { observer } });
                    route = loadBalancer.Attach(
                        settings.Services.Single(s => s.Name == "product-service"),
                        routes.Single(r => r.Service == attachRouteOf),
                        parent);
                    return new Dictionary<string, object?>();
                });

            return new DirectRun { Edge = loadBalancer!, Route = route!, Parents = parents, AlbDependsOn = albDependsOn };
        }
    }
}
