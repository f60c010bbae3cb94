using Infra.Model.Iam;
using Infra.Model.Policy;
using static Infra.Model.Tests.Policy.PlanFixture;
using T = Infra.Model.Policy.ResourceTypes;

namespace Infra.Model.Tests.Policy;

/// <summary>
/// Every checklist ID: a fixture that breaks the rule is flagged (ID, resource, property), and a compliant one passes.
/// The fixtures start from a compliant miniature stack and change one thing.
/// </summary>
public class PolicyCheckTests
{
    private static readonly PolicyContext Dev = PolicyContext.Dev;
    private static readonly PolicyContext Prod = PolicyContext.Prod;
    private static readonly PolicyContext DevWithWaf = PolicyContext.Dev with { WafWebAclArn = WebAclArn };
    private static readonly PolicyContext DevWithKms = PolicyContext.Dev with { LogKmsKeyArn = KmsKeyArn };

    private static TestCaseData Flags(string id, string what, Func<PlanFixture> plan, string resource, string property, PolicyContext? context = null) =>
        new TestCaseData(id, plan, context ?? Dev, resource, property).SetName($"{id} flags {what}");

    private static TestCaseData Passes(string id, string what, Func<PlanFixture> plan, PolicyContext? context = null) =>
        new TestCaseData(id, plan, context ?? Dev).SetName($"{id} passes {what}");

    public static IEnumerable<TestCaseData> Violating()
    {
        // Network
        yield return Flags("N1", "a VPC without flow logs", () => PlanFixture.Dev().Drop("network-flow-log"), "network-vpc", "flowLog");
        yield return Flags("N1", "flow logs sent to S3", () => PlanFixture.Dev().Change("network-flow-log", r => r.With("logDestinationType", "s3").With("logDestination", "arn:aws:s3:::logs")), "network-flow-log", "logDestinationType");
        yield return Flags("N2", "a VPC whose default group is not adopted", () => PlanFixture.Dev().Drop("network-default-sg"), "network-vpc", "defaultSecurityGroup");
        yield return Flags("N2", "a default group with an inline rule", () => PlanFixture.Dev().Change("network-default-sg", r => r.With("ingress", """[{"protocol":"-1","fromPort":0,"toPort":0,"self":true}]""")), "network-default-sg", "ingress[0]");
        yield return Flags("N2", "a rule attached to the default group", () => PlanFixture.Dev().Add(T.IngressRule, "stray", r => r.With("securityGroupId", "sg-default").With("ipProtocol", "-1").With("cidrIpv4", "10.180.0.0/16")), "stray", "securityGroupId");
        yield return Flags("N3", "hosts launched in public subnets", () => PlanFixture.Dev().Change("cluster-hosts", r => r.With("vpcZoneIdentifiers", """["subnet-public-0","subnet-public-1"]""")), "cluster-hosts", "vpcZoneIdentifiers");
        yield return Flags("N3", "a VPC with public subnets only", () => PlanFixture.Dev().Change("network-vpc", r => r.With("subnetSpecs", """[{"type":"Public","cidrBlocks":["10.180.8.0/21","10.180.16.0/21"]}]""")), "network-vpc", "subnetSpecs");
        yield return Flags("N4", "SSH open to the world on the hosts", () => PlanFixture.Dev().Add(T.IngressRule, "security-host-ssh", r => r.With("securityGroupId", "sg-security-host").With("ipProtocol", "tcp").With("fromPort", 22).With("toPort", 22).With("cidrIpv4", "0.0.0.0/0")), "security-host-ssh", "cidrIpv4");
        yield return Flags("N4", "the ALB open to the world on 8080", () => PlanFixture.Dev().Change("security-alb-http", r => r.With("fromPort", 8080).With("toPort", 8080)), "security-alb-http", "fromPort");
        yield return Flags("N4", "an inline world-open rule", () => PlanFixture.Dev().Change("security-host", r => r.With("ingress", """[{"protocol":"tcp","fromPort":443,"toPort":443,"cidrBlocks":["0.0.0.0/0"]}]""")), "security-host", "ingress[0].cidrBlocks");
        yield return Flags("N4", "IPv6 world ingress off the ALB", () => PlanFixture.Dev().Add(T.IngressRule, "security-host-v6", r => r.With("securityGroupId", "sg-security-host").With("ipProtocol", "tcp").With("fromPort", 443).With("toPort", 443).With("cidrIpv6", "::/0")), "security-host-v6", "cidrIpv6");
        yield return Flags("N5", "host ingress from a CIDR", () => PlanFixture.Dev().Change("security-host-from-alb", r => r.Without("referencedSecurityGroupId").With("cidrIpv4", "10.180.0.0/16")), "security-host-from-alb", "cidrIpv4");
        yield return Flags("N5", "host ingress from another group", () => PlanFixture.Dev().Change("security-host-from-alb", r => r.With("referencedSecurityGroupId", "sg-security-other")), "security-host-from-alb", "referencedSecurityGroupId");
        yield return Flags("N5", "host ingress whose source is unknown", () => PlanFixture.Dev().Change("security-host-from-alb", r => r.Without("referencedSecurityGroupId")), "security-host-from-alb", "referencedSecurityGroupId");
        yield return Flags("N6", "a group without egress rules", () => PlanFixture.Dev().Drop("security-host-https-out").Drop("security-host-to-hosts"), "security-host", "egress");
        yield return Flags("N7", "hosts sending HTTP to anywhere", () => PlanFixture.Dev().Add(Rule(T.EgressRule, "security-host-http-out", "sg-security-host", 80, 80).With("cidrIpv4", "0.0.0.0/0")), "security-host-http-out", "cidrIpv4");
        yield return Flags("N7", "hosts sending every port to a public network", () => PlanFixture.Dev().Change("security-host-https-out", r => r.With("fromPort", 0).With("toPort", 65535).With("cidrIpv4", "203.0.113.0/24")), "security-host-https-out", "cidrIpv4");
        yield return Flags("N7", "an inline egress on 80 to anywhere", () => PlanFixture.Dev().Change("security-host", r => r.With("egress", """[{"protocol":"tcp","fromPort":80,"toPort":80,"cidrBlocks":["0.0.0.0/0"]}]""")), "security-host", "egress[0].cidrBlocks");
        yield return Flags("N6", "all traffic to anywhere", () => PlanFixture.Dev().Change("security-alb-to-hosts", r => r.With("ipProtocol", "-1").Without("fromPort").Without("toPort").Without("referencedSecurityGroupId").With("cidrIpv4", "0.0.0.0/0")), "security-alb-to-hosts", "ipProtocol");

        // Compute
        yield return Flags("C1", "IMDSv1 allowed", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("metadataOptions.httpTokens", "optional")), "cluster-launch-template", "metadataOptions.httpTokens");
        yield return Flags("C1", "metadata options left to the AMI", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.Without("metadataOptions")), "cluster-launch-template", "metadataOptions.httpTokens");
        yield return Flags("C2", "a hop limit of 2", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("metadataOptions.httpPutResponseHopLimit", 2)), "cluster-launch-template", "metadataOptions.httpPutResponseHopLimit");
        yield return Flags("C2", "no hop limit", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.Without("metadataOptions.httpPutResponseHopLimit")), "cluster-launch-template", "metadataOptions.httpPutResponseHopLimit");
        yield return Flags("C3", "a public IP", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("networkInterfaces[0].associatePublicIpAddress", "true")), "cluster-launch-template", "networkInterfaces[0].associatePublicIpAddress");
        yield return Flags("C3", "no network interface declared", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.Without("networkInterfaces").With("vpcSecurityGroupIds", """["sg-security-host"]""")), "cluster-launch-template", "networkInterfaces");
        yield return Flags("C4", "an unencrypted root volume", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("blockDeviceMappings[0].ebs.encrypted", "false")), "cluster-launch-template", "blockDeviceMappings[0].ebs.encrypted");
        yield return Flags("C4", "no block device mapping", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.Without("blockDeviceMappings")), "cluster-launch-template", "blockDeviceMappings");
        yield return Flags("C5", "a password in user data", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("userData", Base64("#!/bin/bash\nexport DB_PASSWORD=hunter2hunter2\n"))), "cluster-launch-template", "userData");
        yield return Flags("C5", "an access key in user data", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("userData", Base64("aws configure set aws_access_key_id AKIAABCDEFGHIJKLMNOP\n"))), "cluster-launch-template", "userData");
        yield return Flags("C6", "a launch configuration", () => PlanFixture.Dev().Change("cluster-hosts", r => r.Without("launchTemplate").With("launchConfiguration", "cluster-lc")), "cluster-hosts", "launchConfiguration");
        yield return Flags("C6", "no launch template", () => PlanFixture.Dev().Change("cluster-hosts", r => r.Without("launchTemplate")), "cluster-hosts", "launchTemplate");
        yield return Flags("C7", "hosts in one subnet", () => PlanFixture.Dev().Change("cluster-hosts", r => r.With("vpcZoneIdentifiers", """["subnet-private-0"]""")), "cluster-hosts", "vpcZoneIdentifiers");
        yield return Flags("C7", "hosts whose subnets are unknown", () => PlanFixture.Dev().Change("cluster-hosts", r => r.Without("vpcZoneIdentifiers")), "cluster-hosts", "vpcZoneIdentifiers");
        yield return Flags("C7", "a VPC in one AZ", () => PlanFixture.Dev().Change("network-vpc", r => r.With("availabilityZoneNames", """["us-east-1a"]""")), "network-vpc", "availabilityZoneNames");
        yield return Flags("C8", "no health check type", () => PlanFixture.Dev().Change("cluster-hosts", r => r.Without("healthCheckType")), "cluster-hosts", "healthCheckType");
        yield return Flags("C8", "no grace period", () => PlanFixture.Dev().Change("cluster-hosts", r => r.Without("healthCheckGracePeriod")), "cluster-hosts", "healthCheckGracePeriod");

        // Load balancer
        yield return Flags("L1", "an HTTP listener that serves instead of redirecting (prod)", () => PlanFixture.Prod().Change("edge-http", r => r.With("defaultActions[0]", """{"type":"fixed-response","fixedResponse":{"contentType":"text/plain","statusCode":"404"}}""")), "edge-http", "defaultActions[0].type", Prod);
        yield return Flags("L1", "a redirect to HTTP (prod)", () => PlanFixture.Prod().Change("edge-http", r => r.With("defaultActions[0].redirect.protocol", "HTTP")), "edge-http", "defaultActions[0].redirect.protocol", Prod);
        yield return Flags("L2", "no HTTPS listener (prod)", () => PlanFixture.Prod().Drop("edge-https"), "edge-alb", "listeners", Prod);
        yield return Flags("L2", "a TLS 1.0 policy (prod)", () => PlanFixture.Prod().Change("edge-https", r => r.With("sslPolicy", "ELBSecurityPolicy-2016-08")), "edge-https", "sslPolicy", Prod);
        yield return Flags("L2", "no certificate (prod)", () => PlanFixture.Prod().Change("edge-https", r => r.Without("certificateArn")), "edge-https", "certificateArn", Prod);
        yield return Flags("L3", "invalid headers passed on", () => PlanFixture.Dev().Change("edge-alb", r => r.With("dropInvalidHeaderFields", false)), "edge-alb", "dropInvalidHeaderFields");
        yield return Flags("L3", "the AWS default (false)", () => PlanFixture.Dev().Change("edge-alb", r => r.Without("dropInvalidHeaderFields")), "edge-alb", "dropInvalidHeaderFields");
        yield return Flags("L4", "desync mitigation monitor", () => PlanFixture.Dev().Change("edge-alb", r => r.With("desyncMitigationMode", "monitor")), "edge-alb", "desyncMitigationMode");
        yield return Flags("L5", "access logs off (prod)", () => PlanFixture.Prod().Change("edge-alb", r => r.With("accessLogs.enabled", false)), "edge-alb", "accessLogs.enabled", Prod);
        yield return Flags("L5", "no access logs block (prod)", () => PlanFixture.Prod().Change("edge-alb", r => r.Without("accessLogs")), "edge-alb", "accessLogs.enabled", Prod);
        yield return Flags("L6", "no deletion protection (prod)", () => PlanFixture.Prod().Change("edge-alb", r => r.With("enableDeletionProtection", false)), "edge-alb", "enableDeletionProtection", Prod);
        yield return Flags("L7", "an ALB in one subnet", () => PlanFixture.Dev().Change("edge-alb", r => r.With("subnets", """["subnet-public-0"]""")), "edge-alb", "subnets");
        yield return Flags("L8", "a configured web ACL never associated", () => PlanFixture.Dev(), "edge-alb", "webAclAssociation", DevWithWaf);
        yield return Flags("L8", "an association with another web ACL", () => PlanFixture.Dev().Add(T.WebAclAssociation, "edge-waf", r => r.With("webAclArn", WebAclArn.Replace("edge", "other", StringComparison.Ordinal))), "edge-waf", "webAclArn", DevWithWaf);
        yield return Flags("L9", "a health check without a path", () => PlanFixture.Dev().Change("product-service-tg", r => r.Without("healthCheck.path")), "product-service-tg", "healthCheck.path");
        yield return Flags("L9", "a health check without a matcher", () => PlanFixture.Dev().Change("product-service-tg", r => r.Without("healthCheck.matcher")), "product-service-tg", "healthCheck.matcher");
        yield return Flags("L9", "a disabled health check", () => PlanFixture.Dev().Change("product-service-tg", r => r.With("healthCheck.enabled", false)), "product-service-tg", "healthCheck.enabled");
        yield return Flags("L10", "an https URL to the load balancer's own name", () => PlanFixture.Prod().Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "https://prod-alb-1234567890.us-east-1.elb.amazonaws.com/products")), "website-service-task", "containerDefinitions[0].environment[0].value", Prod);
        yield return Flags("L10", "an https URL to a name the requested certificate does not cover", () => PlanFixture.Prod()
            .Add(T.AcmCertificate, "certificate-cert", r => r.With("domainName", "shop.example.com").With("validationMethod", "DNS"))
            .Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "https://api.example.org/products")), "website-service-task", "containerDefinitions[0].environment[0].value", Prod);

        // ECS
        yield return Flags("E1", "Container Insights disabled", () => PlanFixture.Dev().Change("cluster", r => r.With("settings[0].value", "disabled")), "cluster", "settings.containerInsights");
        yield return Flags("E1", "no cluster settings", () => PlanFixture.Dev().Change("cluster", r => r.Without("settings")), "cluster", "settings.containerInsights");
        yield return Flags("E2", "a privileged container", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].privileged", true)), "product-service-task", "containerDefinitions[0].privileged");
        yield return Flags("E2", "a privileged container in definitions sent as JSON text", () => PlanFixture.Dev().Change("product-service-task", r => r.WithText("containerDefinitions", """[{"name":"product-service","privileged":true,"readonlyRootFilesystem":true}]""")), "product-service-task", "containerDefinitions[0].privileged");
        yield return Flags("E3", "a writable root file system", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].readonlyRootFilesystem", false)), "product-service-task", "containerDefinitions[0].readonlyRootFilesystem");
        yield return Flags("E3", "no readonlyRootFilesystem", () => PlanFixture.Dev().Change("product-service-task", r => r.Without("containerDefinitions[0].readonlyRootFilesystem")), "product-service-task", "containerDefinitions[0].readonlyRootFilesystem");
        yield return Flags("E4", "host PID namespace", () => PlanFixture.Dev().Change("product-service-task", r => r.With("pidMode", "host")), "product-service-task", "pidMode");
        yield return Flags("E4", "host IPC namespace", () => PlanFixture.Dev().Change("product-service-task", r => r.With("ipcMode", "host")), "product-service-task", "ipcMode");
        yield return Flags("E5", "host networking", () => PlanFixture.Dev().Change("product-service-task", r => r.With("networkMode", "host")), "product-service-task", "networkMode");
        yield return Flags("E6", "a password in plain environment", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].environment[1]", """{"name":"DB_PASSWORD","value":"hunter2"}""")), "product-service-task", "containerDefinitions[0].environment.DB_PASSWORD");
        yield return Flags("E6", "an access key as a value", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].environment[1]", """{"name":"S3_CONFIG","value":"AKIAABCDEFGHIJKLMNOP"}""")), "product-service-task", "containerDefinitions[0].environment.S3_CONFIG");
        yield return Flags("E7", "logs to a group the stack does not own", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].logConfiguration.options.awslogs-group", "/shared/everything")), "product-service-task", "containerDefinitions[0].logConfiguration.options.awslogs-group");
        yield return Flags("E7", "logs kept on the host", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].logConfiguration.logDriver", "json-file")), "product-service-task", "containerDefinitions[0].logConfiguration.logDriver");
        yield return Flags("E8", "the execution role used as task role", () => PlanFixture.Dev().Change("product-service-task", r => r.With("taskRoleArn", ExecutionRoleArn)), "product-service-task", "taskRoleArn");
        yield return Flags("E9", "managed draining disabled", () => PlanFixture.Dev().Change("cluster-capacity", r => r.With("autoScalingGroupProvider.managedDraining", "DISABLED")), "cluster-capacity", "autoScalingGroupProvider.managedDraining");
        yield return Flags("E9", "no managed termination protection", () => PlanFixture.Dev().Change("cluster-capacity", r => r.Without("autoScalingGroupProvider.managedTerminationProtection")), "cluster-capacity", "autoScalingGroupProvider.managedTerminationProtection");
        yield return Flags("E10", "a breaker without rollback", () => PlanFixture.Dev().Change("product-service", r => r.With("deploymentCircuitBreaker.rollback", false)), "product-service", "deploymentCircuitBreaker.rollback");
        yield return Flags("E11", "a service URL through the load balancer's public name", () => PlanFixture.Dev().Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "dev-alb-1234567890.us-east-1.elb.amazonaws.com/products")), "website-service-task", "containerDefinitions[0].environment[0].value");
        yield return Flags("E11", "a full URL through the load balancer's public name", () => PlanFixture.Dev().Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "http://dev-alb-1234567890.us-east-1.elb.amazonaws.com/products")), "website-service-task", "containerDefinitions[0].environment[0].value");
        yield return Flags("E11", "an alias no service publishes", () => PlanFixture.Dev().Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "orders:8080/orders/")), "website-service-task", "containerDefinitions[0].environment[0].value");
        yield return Flags("E11", "a caller without Service Connect", () => PlanFixture.Dev().Change("website-service", r => r.Without("serviceConnectConfiguration")), "website-service-task", "containerDefinitions[0].environment[0].value");
        yield return Flags("E11", "an alias of a service with Service Connect off", () => PlanFixture.Dev().Change("product-service", r => r.With("serviceConnectConfiguration.enabled", false)), "website-service-task", "containerDefinitions[0].environment[0].value");
        yield return Flags("E10", "no circuit breaker", () => PlanFixture.Dev().Change("product-service", r => r.Without("deploymentCircuitBreaker")), "product-service", "deploymentCircuitBreaker.enable");

        // IAM
        yield return Flags("I1", "Action *", () => WithFlowLogStatement("""{"Effect":"Allow","Action":"*","Resource":"*"}"""), "network-flow-logs-policy", "policy.Statement[2].Action");
        yield return Flags("I1", "NotAction in an Allow", () => WithFlowLogStatement("""{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}"""), "network-flow-logs-policy", "policy.Statement[2].NotAction");
        yield return Flags("I1", "Action * in a role's inline policy", () => PlanFixture.Dev().Change("roles-instance", r => r.With("inlinePolicies", """[{"name":"all","policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"}]""")), "roles-instance", "inlinePolicies[0].policy.Statement[0].Action");
        yield return Flags("I2", "ecs:*", () => WithFlowLogStatement("""{"Effect":"Allow","Action":["ecs:*"],"Resource":"arn:aws:ecs:us-east-1:123456789012:cluster/x"}"""), "network-flow-logs-policy", "policy.Statement[2].Action");
        yield return Flags("I2", "application-autoscaling:* as the reference had it", () => WithFlowLogStatement("""{"Effect":"Allow","Action":"application-autoscaling:*","Resource":"*"}"""), "network-flow-logs-policy", "policy.Statement[2].Action");
        yield return Flags("I3", "iam:PassRole on *", () => WithFlowLogStatement("""{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}"""), "network-flow-logs-policy", "policy.Statement[2].Resource");
        yield return Flags("I3", "iam:Pass* on *", () => WithFlowLogStatement("""{"Effect":"Allow","Action":["iam:Pass*"],"Resource":["*"]}"""), "network-flow-logs-policy", "policy.Statement[2].Resource");
        yield return Flags("I4", "PutLogEvents on *", () => WithFlowLogStatement("""{"Effect":"Allow","Action":["logs:DescribeLogGroups","logs:PutLogEvents"],"Resource":"*"}"""), "network-flow-logs-policy", "policy.Statement[2].Resource");
        yield return Flags("I5", "a trust policy for two services", () => PlanFixture.Dev().Change("roles-instance", r => r.With("assumeRolePolicy", """{"Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"]},"Action":"sts:AssumeRole"}]}""")), "roles-instance", "assumeRolePolicy");
        yield return Flags("I5", "an account principal", () => PlanFixture.Dev().Change("roles-instance", r => r.With("assumeRolePolicy", """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""")), "roles-instance", "assumeRolePolicy");
        yield return Flags("I5", "a wildcard principal", () => PlanFixture.Dev().Change("roles-instance", r => r.With("assumeRolePolicy", """{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}""")), "roles-instance", "assumeRolePolicy");
        yield return Flags("I6", "AdministratorAccess attached", () => PlanFixture.Dev().Add(T.IamRolePolicyAttachment, "roles-instance-admin", r => r.With("role", "roles-instance-0f1e2d3").With("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess")), "roles-instance-admin", "policyArn");
        yield return Flags("I6", "PowerUserAccess as a managed policy ARN", () => PlanFixture.Dev().Change("roles-execution", r => r.With("managedPolicyArns", """["arn:aws-us-gov:iam::aws:policy/PowerUserAccess"]""")), "roles-execution", "managedPolicyArns[0]");
        yield return Flags("I6", "a service FullAccess policy", () => PlanFixture.Dev().Add(T.IamRolePolicyAttachment, "roles-instance-ecs-full", r => r.With("role", "roles-instance-0f1e2d3").With("policyArn", "arn:aws:iam::aws:policy/AmazonECS_FullAccess")), "roles-instance-ecs-full", "policyArn");

        // Governance
        yield return Flags("G1", "a log group kept forever", () => PlanFixture.Dev().Change("product-service-logs", r => r.Without("retentionInDays")), "product-service-logs", "retentionInDays");
        yield return Flags("G1", "retention 0 (never expire)", () => PlanFixture.Dev().Change("network-flow-logs", r => r.With("retentionInDays", 0)), "network-flow-logs", "retentionInDays");
        yield return Flags("G1", "two weeks of logs in prod", () => PlanFixture.Prod().Change("product-service-logs", r => r.With("retentionInDays", 14)), "product-service-logs", "retentionInDays", Prod);
        yield return Flags("G2", "a bucket without encryption", () => PlanFixture.Prod().Drop("edge-access-logs-sse"), "edge-access-logs", "serverSideEncryption", Prod);
        yield return Flags("G2", "a log group without the configured key", () => PlanFixture.Dev(), "product-service-logs", "kmsKeyId", DevWithKms);
        yield return Flags("G3", "a provider without the owner tag", () => PlanFixture.Dev().Change("aws", r => r.WithText("defaultTags", """{"tags":{"project":"ecs-refarch","stack":"dev"}}""")), "aws", "defaultTags.tags.owner");
        yield return Flags("G3", "a provider without default tags", () => PlanFixture.Dev().Change("aws", r => r.Without("defaultTags")), "aws", "defaultTags.tags.project");
        yield return Flags("G3", "no explicit provider", () => PlanFixture.Dev().Drop("aws"), "(default provider)", "defaultTags");

        // Observability
        yield return Flags("O1", "a service without a 5XX-rate alarm", () => PlanFixture.Dev().Drop("observability-product-service-tg-5xx-rate"), "product-service", "loadBalancers[0].targetGroupArn");
        yield return Flags("O1", "a service without an unhealthy-host alarm", () => PlanFixture.Dev().Drop("observability-product-service-tg-unhealthy-hosts"), "product-service", "loadBalancers[0].targetGroupArn");
        yield return Flags("O1", "a 5XX alarm on another target group", () => PlanFixture.Dev().Change("observability-product-service-tg-5xx-rate", r => r.With("metricQueries[0].metric.dimensions.TargetGroup", "targetgroup/other/1")), "product-service", "loadBalancers[0].targetGroupArn");
        yield return Flags("O1", "an alternate target group nobody watches (prod)", () => PlanFixture.Prod().Drop("observability-product-service-alt-unhealthy-hosts"), "product-service", "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn", Prod);
        yield return Flags("O2", "an alarm without actions", () => PlanFixture.Dev().Change("observability-product-service-tg-unhealthy-hosts", r => r.Without("alarmActions")), "observability-product-service-tg-unhealthy-hosts", "alarmActions");
        yield return Flags("O2", "an alarm with actions disabled", () => PlanFixture.Dev().Change("observability-product-service-tg-unhealthy-hosts", r => r.With("actionsEnabled", false)), "observability-product-service-tg-unhealthy-hosts", "actionsEnabled");
        yield return Flags("O3", "an unencrypted topic", () => PlanFixture.Dev().Change("observability-alarms", r => r.Without("kmsMasterKeyId")), "observability-alarms", "kmsMasterKeyId");
        yield return Flags("O3", "a topic on the AWS managed key CloudWatch cannot use", () => PlanFixture.Dev().Change("observability-alarms", r => r.With("kmsMasterKeyId", "alias/aws/sns")), "observability-alarms", "kmsMasterKeyId");
        yield return Flags("O4", "a rolling prod service", () => PlanFixture.Prod().Change("product-service", r => r.With("deploymentConfiguration.strategy", "ROLLING")), "product-service", "deploymentConfiguration.strategy", Prod);
        yield return Flags("O4", "a prod service without deployment configuration", () => PlanFixture.Prod().Change("product-service", r => r.Without("deploymentConfiguration")), "product-service", "deploymentConfiguration.strategy", Prod);
        yield return Flags("O4", "alarms that do not roll back (prod)", () => PlanFixture.Prod().Change("product-service", r => r.With("alarms.rollback", false)), "product-service", "alarms.rollback", Prod);
        yield return Flags("O4", "rollback on an alarm the stack does not create (prod)", () => PlanFixture.Prod().Change("product-service", r => r.With("alarms.alarmNames", """["someone-elses-alarm"]""")), "product-service", "alarms.alarmNames", Prod);
        yield return Flags("O4", "rollback on no alarm (prod)", () => PlanFixture.Prod().Change("product-service", r => r.With("alarms.alarmNames", "[]")), "product-service", "alarms.alarmNames", Prod);
        yield return Flags("G3", "an Auto Scaling group with only the ECS tag", () => PlanFixture.Dev().Change("cluster-hosts", r => r.With("tags", """[{"key":"AmazonECSManaged","value":"","propagateAtLaunch":true}]""")), "cluster-hosts", "tags[project]");
        yield return Flags("G3", "an Auto Scaling group whose owner tag is empty", () => PlanFixture.Dev().Change("cluster-hosts", r => r.With("tags", """[{"key":"owner","value":"","propagateAtLaunch":false},{"key":"project","value":"ecs-refarch","propagateAtLaunch":false},{"key":"stack","value":"dev","propagateAtLaunch":false}]""")), "cluster-hosts", "tags[owner]");
        yield return Flags("G3", "a launch template that leaves network interfaces untagged", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("tagSpecifications", """[{"resourceType":"instance","tags":{"owner":"a","project":"ecs-refarch","stack":"dev"}},{"resourceType":"volume","tags":{"owner":"a","project":"ecs-refarch","stack":"dev"}}]""")), "cluster-launch-template", "tagSpecifications[network-interface].tags.project");
        yield return Flags("G3", "a launch template without tag specifications", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.Without("tagSpecifications")), "cluster-launch-template", "tagSpecifications[instance].tags.owner");
    }

    public static IEnumerable<TestCaseData> Compliant()
    {
        yield return Passes("N1", "a VPC flow log whose destination is unknown at plan time", () => PlanFixture.Dev().Change("network-flow-log", r => r.Without("logDestination")));
        yield return Passes("N1", "the compliant stack", PlanFixture.Dev);
        yield return Passes("N2", "an adopted default group with no rules", PlanFixture.Dev);
        yield return Passes("N3", "hosts in private subnets", PlanFixture.Dev);
        yield return Passes("N4", "the ALB open on 80 and 443", PlanFixture.Dev);
        yield return Passes("N4", "the ALB open to ::/0 on 443", () => PlanFixture.Dev().Add(T.IngressRule, "security-alb-https-v6", r => r.With("securityGroupId", "sg-security-alb").With("ipProtocol", "tcp").With("fromPort", 443).With("toPort", 443).With("cidrIpv6", "::/0")));
        yield return Passes("N4", "a narrow CIDR on the hosts (N5's concern, not N4's)", () => PlanFixture.Dev().Change("security-host-from-alb", r => r.Without("referencedSecurityGroupId").With("cidrIpv4", "10.180.0.0/16")));
        yield return Passes("N5", "hosts reachable only from the ALB group", PlanFixture.Dev);
        yield return Passes("N5", "host group named by vpcSecurityGroupIds", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.Without("networkInterfaces[0].securityGroups").With("vpcSecurityGroupIds", """["sg-security-host"]""")));
        yield return Passes("N6", "egress named by protocol and port", PlanFixture.Dev);
        yield return Passes("N7", "hosts sending only 443 to the internet and their dynamic ports to each other", PlanFixture.Dev);
        yield return Passes("N7", "a database port to a private network", () => PlanFixture.Dev().Add(Rule(T.EgressRule, "security-host-db-out", "sg-security-host", 5432, 5432).With("cidrIpv4", "10.180.0.0/16")));
        yield return Passes("N7", "port 80 to the load balancer's group (not the internet)", () => PlanFixture.Dev().Add(Rule(T.EgressRule, "security-host-to-alb", "sg-security-host", 80, 80).With("referencedSecurityGroupId", "sg-security-alb")));
        yield return Passes("N5", "hosts reachable from each other for Service Connect", PlanFixture.Dev);
        yield return Passes("C1", "httpTokens required", PlanFixture.Dev);
        yield return Passes("C2", "hop limit 1", PlanFixture.Dev);
        yield return Passes("C3", "associatePublicIpAddress \"false\"", PlanFixture.Dev);
        yield return Passes("C3", "associatePublicIpAddress as a boolean", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("networkInterfaces[0].associatePublicIpAddress", false)));
        yield return Passes("C4", "encrypted \"true\"", PlanFixture.Dev);
        yield return Passes("C4", "encrypted as a boolean", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("blockDeviceMappings[0].ebs.encrypted", true)));
        yield return Passes("C5", "user data with only the cluster name", PlanFixture.Dev);
        yield return Passes("C5", "an IMDSv2 token fetched at boot", () => PlanFixture.Dev().Change("cluster-launch-template", r => r.With("userData", Base64("TOKEN=$(curl -s -X PUT http://169.254.169.254/latest/api/token -H \"X-aws-ec2-metadata-token-ttl-seconds: 60\")\ncurl -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/instance-id\n"))));
        yield return Passes("C6", "a launch template", PlanFixture.Dev);
        yield return Passes("C6", "a launch template whose id is unknown at plan time", () => PlanFixture.Dev().Change("cluster-hosts", r => r.Without("launchTemplate.id")));
        yield return Passes("C7", "two private subnets and two AZs", PlanFixture.Dev);
        yield return Passes("C7", "an awsx VPC on its default AZ count", () => PlanFixture.Dev().Change("network-vpc", r => r.Without("availabilityZoneNames")));
        yield return Passes("C8", "EC2 health check with a grace period", PlanFixture.Dev);
        yield return Passes("L1", "an HTTP listener redirecting to HTTPS (prod)", PlanFixture.Prod, Prod);
        yield return Passes("L1", "dev serving plain HTTP (prod only)", PlanFixture.Dev);
        yield return Passes("L2", "a TLS 1.3 listener with an ACM certificate (prod)", PlanFixture.Prod, Prod);
        yield return Passes("L2", "dev without HTTPS (prod only)", PlanFixture.Dev);
        yield return Passes("L3", "invalid headers dropped", PlanFixture.Dev);
        yield return Passes("L4", "defensive", PlanFixture.Dev);
        yield return Passes("L4", "the AWS default (defensive)", () => PlanFixture.Dev().Change("edge-alb", r => r.Without("desyncMitigationMode")));
        yield return Passes("L5", "access logs on (prod)", PlanFixture.Prod, Prod);
        yield return Passes("L5", "dev without access logs (prod only)", PlanFixture.Dev);
        yield return Passes("L6", "deletion protection on (prod)", PlanFixture.Prod, Prod);
        yield return Passes("L6", "dev without deletion protection (prod only)", PlanFixture.Dev);
        yield return Passes("L7", "two public subnets", PlanFixture.Dev);
        yield return Passes("L7", "two subnet mappings", () => PlanFixture.Dev().Change("edge-alb", r => r.Without("subnets").With("subnetMappings", """[{"subnetId":"subnet-public-0"},{"subnetId":"subnet-public-1"}]""")));
        yield return Passes("L8", "the configured web ACL associated", () => PlanFixture.Dev().Add(T.WebAclAssociation, "edge-waf", r => r.With("webAclArn", WebAclArn).With("resourceArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge-alb-1/50dc6c495c0c9188")), DevWithWaf);
        yield return Passes("L8", "no WAF configured", PlanFixture.Dev);
        yield return Passes("L9", "a path and a matcher", PlanFixture.Dev);
        yield return Passes("L9", "a TCP target group (no HTTP health check)", () => PlanFixture.Dev().Add(T.TargetGroup, "tcp-tg", r => r.With("protocol", "TCP").With("port", 5432)));
        yield return Passes("L10", "URLs without https to the load balancer's name", PlanFixture.Prod, Prod);
        yield return Passes("L10", "an https URL to the requested certificate's name", () => PlanFixture.Prod()
            .Add(T.AcmCertificate, "certificate-cert", r => r.With("domainName", "shop.example.com").With("validationMethod", "DNS"))
            .Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "https://shop.example.com/products")), Prod);
        yield return Passes("L10", "an https URL under a wildcard certificate", () => PlanFixture.Prod()
            .Add(T.AcmCertificate, "certificate-cert", r => r.With("domainName", "*.example.com"))
            .Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "https://shop.example.com/products")), Prod);
        yield return Passes("E1", "Container Insights enabled", PlanFixture.Dev);
        yield return Passes("E1", "Container Insights enhanced", () => PlanFixture.Dev().Change("cluster", r => r.With("settings[0].value", "enhanced")));
        yield return Passes("E2", "an unprivileged container", PlanFixture.Dev);
        yield return Passes("E3", "a read-only root file system", PlanFixture.Dev);
        yield return Passes("E3", "a writable root where the service's image needs it", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].readonlyRootFilesystem", false)), Dev with { WritableRootContainers = new HashSet<string> { "product-service" } });
        yield return Passes("E4", "task namespaces", () => PlanFixture.Dev().Change("product-service-task", r => r.With("ipcMode", "task").With("pidMode", "task")));
        yield return Passes("E4", "no PID or IPC mode", PlanFixture.Dev);
        yield return Passes("E5", "bridge mode", PlanFixture.Dev);
        yield return Passes("E5", "awsvpc mode", () => PlanFixture.Dev().Change("product-service-task", r => r.With("networkMode", "awsvpc")));
        yield return Passes("E6", "plain settings in environment", PlanFixture.Dev);
        yield return Passes("E6", "a password passed as a secret reference", () => PlanFixture.Dev().Change("product-service-task", r => r.With("containerDefinitions[0].secrets[0]", """{"name":"DB_PASSWORD","valueFrom":"arn:aws:ssm:us-east-1:123456789012:parameter/app/db"}""")));
        yield return Passes("E7", "logs to the service's own group", PlanFixture.Dev);
        yield return Passes("E7", "logs to an auto-named group of the stack", () => PlanFixture.Dev()
            .Change("product-service-logs", r => r.Without("name"))
            .Change("product-service-task", r => r.With("containerDefinitions[0].logConfiguration.options.awslogs-group", "product-service-logs-1f2e3d4")));
        yield return Passes("E8", "separate task and execution roles", PlanFixture.Dev);
        yield return Passes("E8", "no task role", () => PlanFixture.Dev().Change("product-service-task", r => r.Without("taskRoleArn")));
        yield return Passes("E9", "managed termination protection and draining", PlanFixture.Dev);
        yield return Passes("E10", "circuit breaker with rollback", PlanFixture.Dev);
        yield return Passes("E11", "the website calling the product service by its Service Connect alias", PlanFixture.Dev);
        yield return Passes("E11", "an internal load balancer's name", () => PlanFixture.Dev().Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "internal-api-123.us-east-1.elb.amazonaws.com/products")));
        yield return Passes("E11", "plain values that are not addresses", () => PlanFixture.Dev().Change("website-service-task", r => r.With("containerDefinitions[0].environment[0].value", "info")));
        yield return Passes("I1", "listed actions", PlanFixture.Dev);
        yield return Passes("I1", "Action * in a Deny", () => WithFlowLogStatement("""{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}"""));
        yield return Passes("I2", "a narrow wildcard", () => WithFlowLogStatement("""{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}"""));
        yield return Passes("I2", "listed actions", PlanFixture.Dev);
        yield return Passes("I3", "iam:PassRole on one role", () => WithFlowLogStatement($$"""{"Effect":"Allow","Action":"iam:PassRole","Resource":"{{TaskRoleArn}}"}"""));
        yield return Passes("I3", "no PassRole at all", PlanFixture.Dev);
        yield return Passes("I4", "* only for DescribeLogGroups", PlanFixture.Dev);
        yield return Passes("I4", "* for actions with no resource ARN", () => WithFlowLogStatement("""{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","ssmmessages:CreateControlChannel","ec2:DescribeInstances"],"Resource":"*"}"""));
        yield return Passes("I4", "a bucket policy (a resource policy, not an identity policy)", () => PlanFixture.Prod().Add(T.BucketPolicy, "edge-access-logs-policy", r => r.With("bucket", "edge-access-logs-4b5c6d7").With("policy", """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::127311923021:root"},"Action":"s3:PutObject","Resource":"*"}]}""")), Prod);
        yield return Passes("I5", "one service principal", PlanFixture.Dev);
        yield return Passes("I4", "the flow-log policy as the model builds it", () => PlanFixture.Dev().Change("network-flow-logs-policy", r => r.WithText("policy", RolePlans.FlowLogsPolicy($"arn:aws:logs:us-east-1:{Account}:log-group:{FlowLogGroup}").ToJson())));
        yield return Passes("I5", "the flow-log trust with its confused-deputy conditions", () => PlanFixture.Dev().Change("network-flow-logs-role", r => r.WithText("assumeRolePolicy", RolePlans.FlowLogs("dev", new AccountScope("aws", "us-east-1", Account)).TrustPolicy.ToJson())));
        yield return Passes("I5", "one service principal given as a list", () => PlanFixture.Dev().Change("roles-instance", r => r.With("assumeRolePolicy", """{"Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}""")));
        yield return Passes("I6", "the ECS, SSM and execution managed policies", PlanFixture.Dev);
        yield return Passes("G1", "two weeks in dev", PlanFixture.Dev);
        yield return Passes("G1", "a year in prod", PlanFixture.Prod, Prod);
        yield return Passes("G2", "an AES256 access-log bucket", PlanFixture.Prod, Prod);
        yield return Passes("G2", "a bucket encrypted by its explicit name with KMS", () => PlanFixture.Prod()
            .Change("edge-access-logs", r => r.With("bucket", "acme-alb-logs"))
            .Change("edge-access-logs-sse", r => r.With("bucket", "acme-alb-logs").With("rules[0].applyServerSideEncryptionByDefault", """{"sseAlgorithm":"aws:kms","kmsMasterKeyId":"alias/logs"}""")), Prod);
        yield return Passes("G2", "a bucket named by prefix and auto-named by the engine", () => PlanFixture.Prod()
            .Change("edge-access-logs", r => r.With("bucketPrefix", "alb-logs-")), Prod);
        yield return Passes("G2", "log groups with the configured key", () => PlanFixture.Dev()
            .Change("product-service-logs", r => r.With("kmsKeyId", KmsKeyArn))
            .Change("website-service-logs", r => r.With("kmsKeyId", KmsKeyArn))
            .Change("network-flow-logs", r => r.With("kmsKeyId", KmsKeyArn)), DevWithKms);
        yield return Passes("G3", "project, stack and owner as JSON text", PlanFixture.Dev);
        yield return Passes("G3", "group tags and launch tag specifications as JSON text", () => PlanFixture.Dev()
            .Change("cluster-hosts", r => r.WithText("tags", """[{"key":"owner","value":"a","propagateAtLaunch":false},{"key":"project","value":"ecs-refarch","propagateAtLaunch":false},{"key":"stack","value":"dev","propagateAtLaunch":false}]"""))
            .Change("cluster-launch-template", r => r.WithText("tagSpecifications", """[{"resourceType":"instance","tags":{"owner":"a","project":"p","stack":"s"}},{"resourceType":"volume","tags":{"owner":"a","project":"p","stack":"s"}},{"resourceType":"network-interface","tags":{"owner":"a","project":"p","stack":"s"}}]""")));
        yield return Passes("G3", "project, stack and owner as an object", () => PlanFixture.Dev().Change("aws", r => r.With("defaultTags", """{"tags":{"owner":"a","project":"ecs-refarch","stack":"dev"}}""")));
        yield return Passes("O1", "5XX-rate and unhealthy-host alarms on the target group", PlanFixture.Dev);
        yield return Passes("O1", "both target groups of a canary service watched (prod)", PlanFixture.Prod, Prod);
        yield return Passes("O1", "a service whose target group is unknown at plan time", () => PlanFixture.Dev().Change("product-service", r => r.Without("loadBalancers[0].targetGroupArn")));
        yield return Passes("O2", "alarms sent to the topic", PlanFixture.Dev);
        yield return Passes("O3", "a topic on a customer managed key", PlanFixture.Dev);
        yield return Passes("O4", "a canary prod service rolling back on its own alarms", PlanFixture.Prod, Prod);
        yield return Passes("O4", "a blue/green prod service", () => PlanFixture.Prod().Change("product-service", r => r.With("deploymentConfiguration.strategy", "BLUE_GREEN")), Prod);
        yield return Passes("O4", "dev deploying rolling (prod only)", PlanFixture.Dev);
    }

    [TestCaseSource(nameof(Violating))]
    public void A_violating_fixture_is_flagged(string id, Func<PlanFixture> plan, PolicyContext context, string resource, string property)
    {
        var violations = PolicyEngine.Evaluate(plan().Resources, context);

        var mine = violations.Where(v => v.Id == id).ToList();
        Assert.That(mine, Has.Some.Matches<Violation>(v => v is { } found && found.Resource == resource && found.Property == property && found.Fix.Length > 0),
            $"expected {id} on {resource}.{property}; got:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    [TestCaseSource(nameof(Compliant))]
    public void A_compliant_fixture_passes(string id, Func<PlanFixture> plan, PolicyContext context)
    {
        var violations = PolicyEngine.Evaluate(plan().Resources, context).Where(v => v.Id == id);

        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void The_compliant_dev_stack_has_no_violation() =>
        Assert.That(PolicyEngine.Evaluate(PlanFixture.Dev().Resources, Dev), Is.Empty);

    [Test]
    public void The_compliant_prod_stack_has_no_violation() =>
        Assert.That(PolicyEngine.Evaluate(PlanFixture.Prod().Resources, Prod), Is.Empty);

    [Test]
    public void Every_checklist_id_has_a_violating_and_a_compliant_fixture()
    {
        var flagged = Violating().Select(c => (string)c.Arguments[0]!).ToHashSet();
        var passed = Compliant().Select(c => (string)c.Arguments[0]!).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(PolicyEngine.Ids.Except(flagged), Is.Empty, "IDs without a violating fixture");
            Assert.That(PolicyEngine.Ids.Except(passed), Is.Empty, "IDs without a compliant fixture");
        });
    }

    [Test]
    public void Prod_only_checks_pass_a_dev_stack_that_would_fail_them_in_prod()
    {
        // The dev fixture serves plain HTTP without access logs or deletion protection, and deploys rolling.
        var inProd = PolicyEngine.Evaluate(PlanFixture.Dev().Resources, Prod).Select(v => v.Id).ToHashSet();
        var inDev = PolicyEngine.Evaluate(PlanFixture.Dev().Resources, Dev).Select(v => v.Id).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(inProd, Is.EquivalentTo(new[] { "L1", "L2", "L5", "L6", "G1", "O4" }));
            Assert.That(inDev, Is.Empty);
        });
    }

    private static PlanFixture WithFlowLogStatement(string statement) =>
        PlanFixture.Dev().Change("network-flow-logs-policy", r => r.With("policy.Statement[2]", statement));
}
