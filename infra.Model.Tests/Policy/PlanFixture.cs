using System.Text;
using Infra.Model.Policy;

namespace Infra.Model.Tests.Policy;

/// <summary>
/// A compliant planned stack in miniature, shaped as the components register it (type tokens, camelCase inputs,
/// the mocks' ids: <c>sg-&lt;name&gt;</c>, <c>subnet-private-N</c>, <c>vpc-0abc</c>), that a test changes in one place.
/// </summary>
public sealed class PlanFixture
{
    public const string Account = "123456789012";
    public const string ExecutionRoleArn = $"arn:aws:iam::{Account}:role/roles-execution-1a2b3c4";
    public const string TaskRoleArn = $"arn:aws:iam::{Account}:role/product-service-task-5d6e7f8";
    public const string CertificateArn = $"arn:aws:acm:us-east-1:{Account}:certificate/00000000-0000-4000-8000-000000000000";
    public const string WebAclArn = $"arn:aws:wafv2:us-east-1:{Account}:regional/webacl/edge/11111111-2222-3333-4444-555555555555";
    public const string KmsKeyArn = $"arn:aws:kms:us-east-1:{Account}:key/66666666-7777-8888-9999-000000000000";
    public const string ServiceLogGroup = "/ecs/ecs-refarch/dev/product-service";
    public const string WebsiteLogGroup = "/ecs/ecs-refarch/dev/website-service";
    public const string WebsiteTaskRoleArn = $"arn:aws:iam::{Account}:role/website-service-task-9e8d7c6";
    public const string FlowLogGroup = "/vpc/ecs-refarch/dev/flow-logs";
    public const string TopicArn = $"arn:aws:sns:us-east-1:{Account}:observability-alarms-7a8b9c0";
    public const string TargetGroupSuffix = "targetgroup/product-service-tg-1a2b3c4/6d0ecf831eec9f09";
    public const string AlternateTargetGroupSuffix = "targetgroup/product-service-alt-5e6f7a8/7e1fdf942ffd0a1a";
    public const string AlbSuffix = "app/dev-alb-0a1b2c3/50dc6c495c0c9188";

    private readonly List<PlannedResourceBuilder> _resources = [];

    private PlanFixture()
    {
    }

    public IReadOnlyList<PlannedResource> Resources => [.. _resources.Select(r => r.Build())];

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static PlanFixture Dev() => Stack(prod: false);

    public static PlanFixture Prod() => Stack(prod: true);

    public PlanFixture Add(PlannedResourceBuilder resource)
    {
        _resources.Add(resource);
        return this;
    }

    public PlanFixture Add(string type, string name, Action<PlannedResourceBuilder> inputs)
    {
        var resource = new PlannedResourceBuilder(type, name);
        inputs(resource);
        return Add(resource);
    }

    public PlanFixture Change(string name, Action<PlannedResourceBuilder> change)
    {
        change(_resources.Single(r => r.Name == name));
        return this;
    }

    public PlanFixture Drop(string name)
    {
        _resources.RemoveAll(r => r.Name == name);
        return this;
    }

    private static PlanFixture Stack(bool prod)
    {
        var stack = prod ? "prod" : "dev";
        var f = new PlanFixture();

        f.Add(ResourceTypes.AwsProvider, "aws", r => r
            .With("region", "us-east-1")
            // The SDK sends provider object inputs JSON-encoded (ProviderArgs.DefaultTags is [Input("defaultTags", json: true)]).
            .WithText("defaultTags", $$$"""{"tags":{"owner":"platform-team","project":"ecs-refarch","stack":"{{{stack}}}"}}"""));

        // Network
        f.Add(ResourceTypes.AwsxVpc, "network-vpc", r => r
            .With("cidrBlock", "10.180.0.0/16")
            .With("availabilityZoneNames", """["us-east-1a","us-east-1b"]""")
            .With("subnetStrategy", "Auto")
            .With("subnetSpecs", """[{"type":"Public","cidrBlocks":["10.180.8.0/21","10.180.16.0/21"]},{"type":"Private","cidrBlocks":["10.180.24.0/21","10.180.32.0/21"]}]""")
            .With("natGateways", """{"strategy":"Single"}"""));
        f.Add(ResourceTypes.LogGroup, "network-flow-logs", r => r.With("name", FlowLogGroup).With("retentionInDays", prod ? 365 : 14));
        f.Add(ResourceTypes.IamRole, "network-flow-logs-role", r => r.With("assumeRolePolicy", TrustPolicy("vpc-flow-logs.amazonaws.com")));
        f.Add(ResourceTypes.IamRolePolicy, "network-flow-logs-policy", r => r
            .With("role", "network-flow-logs-role-9a8b7c6")
            .With("policy", $$"""
                {"Version":"2012-10-17","Statement":[
                  {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":["arn:aws:logs:us-east-1:{{Account}}:log-group:{{FlowLogGroup}}:*"]},
                  {"Effect":"Allow","Action":"logs:DescribeLogGroups","Resource":"*"}]}
                """));
        f.Add(ResourceTypes.FlowLog, "network-flow-log", r => r
            .With("vpcId", "vpc-0abc")
            .With("trafficType", "ALL")
            .With("logDestinationType", "cloud-watch-logs")
            .With("logDestination", $"arn:aws:logs:us-east-1:{Account}:log-group:{FlowLogGroup}")
            .With("iamRoleArn", $"arn:aws:iam::{Account}:role/network-flow-logs-role-9a8b7c6"));
        f.Add(ResourceTypes.DefaultSecurityGroup, "network-default-sg", r => r.With("vpcId", "vpc-0abc"));

        // Security groups: ALB open on 80/443, hosts only from the ALB on the ephemeral range, explicit egress.
        f.Add(ResourceTypes.SecurityGroup, "security-alb", r => r.With("vpcId", "vpc-0abc").With("description", "load balancer"));
        f.Add(ResourceTypes.SecurityGroup, "security-host", r => r.With("vpcId", "vpc-0abc").With("description", "cluster hosts"));
        f.Add(Rule(ResourceTypes.IngressRule, "security-alb-http", "sg-security-alb", 80, 80).With("cidrIpv4", "0.0.0.0/0"));
        f.Add(Rule(ResourceTypes.IngressRule, "security-alb-https", "sg-security-alb", 443, 443).With("cidrIpv4", "0.0.0.0/0"));
        f.Add(Rule(ResourceTypes.IngressRule, "security-host-from-alb", "sg-security-host", 32768, 65535).With("referencedSecurityGroupId", "sg-security-alb"));
        f.Add(Rule(ResourceTypes.EgressRule, "security-alb-to-hosts", "sg-security-alb", 32768, 65535).With("referencedSecurityGroupId", "sg-security-host"));
        f.Add(Rule(ResourceTypes.EgressRule, "security-host-https-out", "sg-security-host", 443, 443).With("cidrIpv4", "0.0.0.0/0"));

        // Service Connect: proxy to proxy between hosts on the dynamic ports.
        f.Add(Rule(ResourceTypes.IngressRule, "security-host-from-hosts", "sg-security-host", 32768, 65535).With("referencedSecurityGroupId", "sg-security-host"));
        f.Add(Rule(ResourceTypes.EgressRule, "security-host-to-hosts", "sg-security-host", 32768, 65535).With("referencedSecurityGroupId", "sg-security-host"));

        // Roles
        f.Add(ResourceTypes.IamRole, "roles-instance", r => r.With("assumeRolePolicy", TrustPolicy("ec2.amazonaws.com")));
        f.Add(ResourceTypes.IamRolePolicyAttachment, "roles-instance-ecs", r => r
            .With("role", "roles-instance-0f1e2d3").With("policyArn", "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"));
        f.Add(ResourceTypes.IamRolePolicyAttachment, "roles-instance-ssm", r => r
            .With("role", "roles-instance-0f1e2d3").With("policyArn", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"));
        f.Add(ResourceTypes.IamRole, "roles-execution", r => r.With("assumeRolePolicy", TrustPolicy("ecs-tasks.amazonaws.com")));
        f.Add(ResourceTypes.IamRolePolicyAttachment, "roles-execution-policy", r => r
            .With("role", "roles-execution-1a2b3c4").With("policyArn", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"));
        f.Add(ResourceTypes.IamRole, "product-service-task-role", r => r.With("assumeRolePolicy", TrustPolicy("ecs-tasks.amazonaws.com")));

        // Load balancer
        f.Add(ResourceTypes.LoadBalancer, "edge-alb", r =>
        {
            r.With("loadBalancerType", "application")
                .With("internal", false)
                .With("securityGroups", """["sg-security-alb"]""")
                .With("subnets", """["subnet-public-0","subnet-public-1"]""")
                .With("dropInvalidHeaderFields", true)
                .With("desyncMitigationMode", "defensive")
                .With("enableDeletionProtection", prod);
            if (prod)
            {
                r.With("accessLogs", """{"bucket":"edge-access-logs-4b5c6d7","prefix":"alb","enabled":true}""");
            }
        });
        if (prod)
        {
            f.Add(ResourceTypes.Bucket, "edge-access-logs", r => r.With("forceDestroy", false));
            f.Add(ResourceTypes.BucketEncryption, "edge-access-logs-sse", r => r
                .With("bucket", "edge-access-logs-4b5c6d7")
                .With("rules", """[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"AES256"}}]"""));
            f.Add(ResourceTypes.Listener, "edge-http", r => r
                .With("port", 80).With("protocol", "HTTP")
                .With("defaultActions", """[{"type":"redirect","redirect":{"protocol":"HTTPS","port":"443","statusCode":"HTTP_301"}}]"""));
            f.Add(ResourceTypes.Listener, "edge-https", r => r
                .With("port", 443).With("protocol", "HTTPS")
                .With("sslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06")
                .With("certificateArn", CertificateArn)
                .With("defaultActions", NotFound));
        }
        else
        {
            f.Add(ResourceTypes.Listener, "edge-http", r => r.With("port", 80).With("protocol", "HTTP").With("defaultActions", NotFound));
        }

        // Cluster
        f.Add(ResourceTypes.EcsCluster, "cluster", r => r.With("settings", """[{"name":"containerInsights","value":"enabled"}]"""));
        f.Add(ResourceTypes.LaunchTemplate, "cluster-launch-template", r => r
            .With("imageId", "ami-0123456789abcdef0")
            .With("instanceType", prod ? "t3.large" : "t3.small")
            .With("iamInstanceProfile", """{"arn":"arn:aws:iam::123456789012:instance-profile/roles-instance-profile-1"}""")
            .With("metadataOptions", """{"httpEndpoint":"enabled","httpTokens":"required","httpPutResponseHopLimit":1}""")
            .With("networkInterfaces", """[{"deviceIndex":0,"associatePublicIpAddress":"false","securityGroups":["sg-security-host"]}]""")
            .With("blockDeviceMappings", """[{"deviceName":"/dev/xvda","ebs":{"encrypted":"true","volumeType":"gp3","volumeSize":30}}]""")
            .With("userData", Base64("#!/bin/bash\necho ECS_CLUSTER=cluster-0c1d2e3 >> /etc/ecs/ecs.config\n"))
            .With("tagSpecifications", $$$"""
                [{"resourceType":"instance","tags":{"Name":"ecs-refarch-{{{stack}}}-ecs-host","owner":"platform-team","project":"ecs-refarch","stack":"{{{stack}}}"}},
                 {"resourceType":"volume","tags":{"Name":"ecs-refarch-{{{stack}}}-ecs-host","owner":"platform-team","project":"ecs-refarch","stack":"{{{stack}}}"}},
                 {"resourceType":"network-interface","tags":{"Name":"ecs-refarch-{{{stack}}}-ecs-host","owner":"platform-team","project":"ecs-refarch","stack":"{{{stack}}}"}}]
                """));
        f.Add(ResourceTypes.AutoScalingGroup, "cluster-hosts", r => r
            .With("minSize", 2).With("maxSize", 4)
            .With("launchTemplate", """{"id":"lt-0abc","version":"1"}""")
            .With("vpcZoneIdentifiers", """["subnet-private-0","subnet-private-1"]""")
            .With("healthCheckType", "EC2")
            .With("healthCheckGracePeriod", 300)
            .With("protectFromScaleIn", true)
            .With("tags", $$$"""
                [{"key":"AmazonECSManaged","value":"","propagateAtLaunch":true},
                 {"key":"owner","value":"platform-team","propagateAtLaunch":false},
                 {"key":"project","value":"ecs-refarch","propagateAtLaunch":false},
                 {"key":"stack","value":"{{{stack}}}","propagateAtLaunch":false}]
                """));
        f.Add(ResourceTypes.CapacityProvider, "cluster-capacity", r => r.With("autoScalingGroupProvider", """
            {"autoScalingGroupArn":"arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0000:autoScalingGroupName/cluster-hosts-2a3b4c5",
             "managedTerminationProtection":"ENABLED","managedDraining":"ENABLED","managedScaling":{"status":"ENABLED","targetCapacity":100}}
            """));

        // One service
        f.Add(ResourceTypes.LogGroup, "product-service-logs", r => r.With("name", ServiceLogGroup).With("retentionInDays", prod ? 365 : 14));
        f.Add(ResourceTypes.TargetGroup, "product-service-tg", r => r
            .With("port", 8001).With("protocol", "HTTP").With("targetType", "instance").With("vpcId", "vpc-0abc")
            .With("healthCheck", """{"path":"/products","matcher":"200-299","interval":10,"timeout":5,"healthyThreshold":2,"unhealthyThreshold":3}"""));
        f.Add(ResourceTypes.TaskDefinition, "product-service-task", r => r
            .With("family", "product-service")
            .With("networkMode", "bridge")
            .With("executionRoleArn", ExecutionRoleArn)
            .With("taskRoleArn", TaskRoleArn)
            .With("containerDefinitions", $$$$"""
                [{"name":"product-service","image":"275396840892.dkr.ecr.us-east-1.amazonaws.com/ecs-refarch-cloudformation/product-service:1.0.0",
                  "essential":true,"cpu":128,"memory":128,"privileged":false,"readonlyRootFilesystem":true,
                  "portMappings":[{"containerPort":8001,"hostPort":0,"protocol":"tcp","name":"product-service","appProtocol":"http"}],
                  "environment":[{"name":"LOG_LEVEL","value":"info"}],
                  "secrets":[],
                  "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"{{{{ServiceLogGroup}}}}","awslogs-region":"us-east-1","awslogs-stream-prefix":"product-service"}}}]
                """));
        f.Add(ResourceTypes.EcsService, "product-service", r =>
        {
            r.With("desiredCount", 2)
                .With("deploymentCircuitBreaker", """{"enable":true,"rollback":true}""")
                .With("loadBalancers", $$"""[{"containerName":"product-service","containerPort":8001,"targetGroupArn":"{{Arn(TargetGroupSuffix)}}"}]""")
                .With("alarms", """{"enable":true,"rollback":true,"alarmNames":["ecs-refarch-fixture-product-service-tg-5xx-rate","ecs-refarch-fixture-product-service-tg-unhealthy-hosts"]}""")
                .With("serviceConnectConfiguration", ServiceConnect("product-service", 8001));
            if (prod)
            {
                r.With("deploymentConfiguration", """{"strategy":"CANARY","bakeTimeInMinutes":"10","canaryConfiguration":{"canaryPercent":10,"canaryBakeTimeInMinutes":"10"}}""")
                    .With("loadBalancers[0].advancedConfiguration", $$"""{"alternateTargetGroupArn":"{{Arn(AlternateTargetGroupSuffix)}}","productionListenerRule":"arn:aws:elasticloadbalancing:us-east-1:{{Account}}:listener-rule/app/prod-alb/50dc6c495c0c9188/1/2","roleArn":"arn:aws:iam::{{Account}}:role/prod-product-service-shift-3c4d5e6"}""")
                    .With("alarms.alarmNames[2]", "ecs-refarch-fixture-product-service-alt-5xx-rate")
                    .With("alarms.alarmNames[3]", "ecs-refarch-fixture-product-service-alt-unhealthy-hosts");
            }
            else
            {
                r.With("deploymentConfiguration", """{"strategy":"ROLLING"}""");
            }
        });

        // Observability: an encrypted topic, the service's rollback alarms (each target group), all sent to the topic.
        f.Add(ResourceTypes.KmsKey, "observability-topic-key", r => r.With("enableKeyRotation", true));
        f.Add(ResourceTypes.SnsTopic, "observability-alarms", r => r.With("kmsMasterKeyId", $"arn:aws:kms:us-east-1:{Account}:key/12345678-1234-4123-8123-123456789012"));
        foreach (var (which, suffix) in prod ? new[] { ("tg", TargetGroupSuffix), ("alt", AlternateTargetGroupSuffix) } : [("tg", TargetGroupSuffix)])
        {
            f.Add(ResourceTypes.MetricAlarm, $"observability-product-service-{which}-5xx-rate", r => r
                .With("name", $"ecs-refarch-fixture-product-service-{which}-5xx-rate")
                .With("alarmActions", $"""["{TopicArn}"]""")
                .With("okActions", $"""["{TopicArn}"]""")
                .With("comparisonOperator", "GreaterThanThreshold")
                .With("threshold", 5)
                .With("metricQueries", $$$"""
                    [{"id":"errors","metric":{"namespace":"AWS/ApplicationELB","metricName":"HTTPCode_Target_5XX_Count","stat":"Sum","period":60,"dimensions":{"TargetGroup":"{{{suffix}}}","LoadBalancer":"{{{AlbSuffix}}}"}},"returnData":false},
                     {"id":"requests","metric":{"namespace":"AWS/ApplicationELB","metricName":"RequestCount","stat":"Sum","period":60,"dimensions":{"TargetGroup":"{{{suffix}}}","LoadBalancer":"{{{AlbSuffix}}}"}},"returnData":false},
                     {"id":"rate","expression":"100 * FILL(errors, 0) / requests","returnData":true}]
                    """));
            f.Add(ResourceTypes.MetricAlarm, $"observability-product-service-{which}-unhealthy-hosts", r => r
                .With("name", $"ecs-refarch-fixture-product-service-{which}-unhealthy-hosts")
                .With("alarmActions", $"""["{TopicArn}"]""")
                .With("namespace", "AWS/ApplicationELB")
                .With("metricName", "UnHealthyHostCount")
                .With("statistic", "Maximum")
                .With("dimensions", $$"""{"TargetGroup":"{{suffix}}","LoadBalancer":"{{AlbSuffix}}"}"""));
        }

        // Its client: the website calls it by its Service Connect name, inside the VPC.
        f.Add(ResourceTypes.LogGroup, "website-service-logs", r => r.With("name", WebsiteLogGroup).With("retentionInDays", prod ? 365 : 14));
        f.Add(ResourceTypes.TaskDefinition, "website-service-task", r => r
            .With("family", "website-service")
            .With("networkMode", "bridge")
            .With("executionRoleArn", ExecutionRoleArn)
            .With("taskRoleArn", WebsiteTaskRoleArn)
            .With("containerDefinitions", $$$$"""
                [{"name":"website-service","image":"275396840892.dkr.ecr.us-east-1.amazonaws.com/ecs-refarch-cloudformation/website-service:1.0.0",
                  "essential":true,"cpu":128,"memory":128,"privileged":false,"readonlyRootFilesystem":true,
                  "portMappings":[{"containerPort":8000,"hostPort":0,"protocol":"tcp","name":"website-service","appProtocol":"http"}],
                  "environment":[{"name":"PRODUCT_SERVICE_URL","value":"product-service:8001/products"}],
                  "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"{{{{WebsiteLogGroup}}}}","awslogs-region":"us-east-1","awslogs-stream-prefix":"website-service"}}}]
                """));
        f.Add(ResourceTypes.EcsService, "website-service", r => r
            .With("desiredCount", 2)
            .With("deploymentCircuitBreaker", """{"enable":true,"rollback":true}""")
            .With("loadBalancers", """[{"containerName":"website-service","containerPort":8000}]""")
            .With("serviceConnectConfiguration", ServiceConnect("website-service", 8000))
            .With("alarms", """{"enable":true,"rollback":true,"alarmNames":["ecs-refarch-fixture-website-service-tg-5xx-rate","ecs-refarch-fixture-website-service-tg-unhealthy-hosts"]}""")
            .With("deploymentConfiguration", prod
                ? """{"strategy":"CANARY","bakeTimeInMinutes":"10","canaryConfiguration":{"canaryPercent":10,"canaryBakeTimeInMinutes":"10"}}"""
                : """{"strategy":"ROLLING"}"""));

        // The website's own rollback alarms; its target group is left unknown here, as in a preview before apply.
        foreach (var alarm in new[] { "tg-5xx-rate", "tg-unhealthy-hosts" })
        {
            f.Add(ResourceTypes.MetricAlarm, $"observability-website-service-{alarm}", r => r
                .With("name", $"ecs-refarch-fixture-website-service-{alarm}")
                .With("alarmActions", $"""["{TopicArn}"]""")
                .With("okActions", $"""["{TopicArn}"]"""));
        }

        return f;
    }

    public static string Arn(string targetGroupSuffix) => $"arn:aws:elasticloadbalancing:us-east-1:{Account}:{targetGroupSuffix}";

    private const string NotFound = """[{"type":"fixed-response","fixedResponse":{"contentType":"text/plain","statusCode":"404","messageBody":"Not found"}}]""";

    /// <summary>A service's Service Connect block: its port published under its name, the proxy logging to its group.</summary>
    public static string ServiceConnect(string service, int port) =>
        $$$$"""{"enabled":true,"namespace":"arn:aws:servicediscovery:us-east-1:{{{{Account}}}}:namespace/ns-0abc","services":[{"portName":"{{{{service}}}}","discoveryName":"{{{{service}}}}","clientAlias":[{"dnsName":"{{{{service}}}}","port":{{{{port}}}}}]}],"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/ecs-refarch/dev/{{{{service}}}}","awslogs-region":"us-east-1","awslogs-stream-prefix":"service-connect"}}}""";

    public static string TrustPolicy(string service) =>
        $$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"{{{service}}}"},"Action":"sts:AssumeRole"}]}""";

    public static PlannedResourceBuilder Rule(string type, string name, string group, int from, int to) =>
        new PlannedResourceBuilder(type, name).With("securityGroupId", group).With("ipProtocol", "tcp").With("fromPort", from).With("toPort", to);
}
