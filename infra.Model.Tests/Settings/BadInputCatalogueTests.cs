using System.Globalization;
using System.Text.Json.Nodes;

namespace Infra.Model.Tests.Settings;

/// <summary>
/// The bad-input catalogue (README §3): every line has configurations that must be rejected before any resource
/// exists, each error naming the key, the value given and what is allowed; many problems are reported at once.
/// </summary>
public class BadInputCatalogueTests
{
    /// <summary>The lines of the catalogue, as README §3 lists them.</summary>
    public static class Line
    {
        public const string Cidrs = "malformed or overlapping CIDRs";
        public const string VpcPrefix = "VPC prefix outside /16-/28";
        public const string SubnetsInVpc = "subnets not inside the VPC";
        public const string Zones = "fewer than 2 AZs or more than the region offers";
        public const string InstanceType = "instance type not family.size";
        public const string MinMaxDesired = "min > max or desired outside [min, max]";
        public const string ProdCapacity = "capacity below AZ count in prod";
        public const string Priority = "listener-rule priority outside 1-50000 or duplicated";
        public const string PathConflict = "duplicate or conflicting path patterns";
        public const string PathLength = "path pattern over 128 characters";
        public const string RuleCount = "more than 100 rules per ALB";
        public const string ElbName = "ALB/target-group name too long, bad characters or internal-";
        public const string IamRoleName = "IAM role name over 64";
        public const string Retention = "log retention not a CloudWatch Logs period";
        public const string HealthCheck = "health-check timeout >= interval, interval/threshold out of range";
        public const string Deregistration = "deregistration delay outside 0-3600";
        public const string ContainerPort = "container port outside 1-65535 or not matching the target group";
        public const string TaskSize = "CPU/memory not fitting the instance type";
        public const string DeploymentPercent = "minimumHealthyPercent >= maximumPercent";
        public const string Https = "HTTPS without a certificate, or an ARN of the wrong service/region";
        public const string KeysAndTypes = "unknown keys (typos) and wrong types";
        public const string Secrets = "secrets only through secret config";
        public const string Other = "other validated settings";

        public static readonly IReadOnlyList<string> All =
        [
            Cidrs, VpcPrefix, SubnetsInVpc, Zones, InstanceType, MinMaxDesired, ProdCapacity, Priority, PathConflict, PathLength,
            RuleCount, ElbName, IamRoleName, Retention, HealthCheck, Deregistration, ContainerPort, TaskSize, DeploymentPercent,
            Https, KeysAndTypes, Secrets,
        ];
    }

    /// <summary>
    /// One bad configuration: its catalogue line, how it is made from a committed stack, and the error expected
    /// (key, value shown, a fragment of what is allowed). <paramref name="StackName"/> runs it as another stack.
    /// </summary>
    public sealed record BadInput(
        string Line,
        string Name,
        string Stack,
        Func<RawConfig, RawConfig> Change,
        string Key,
        string? Value,
        string Allowed,
        string? StackName = null,
        IReadOnlyList<string>? RegionZones = null,
        string? AccountId = null)
    {
        public IReadOnlyList<ConfigError> Errors() =>
            SettingsLoader.TryLoad(Change(RawConfig.From(Stack)).Values, StackName ?? Stack, RegionZones, AccountId).Errors;

        public override string ToString() => $"{Line}: {Name}";
    }

    private const string Services = "ecs-refarch:services";

    private static string S(int i, string field) => $"{Services}[{i}].{field}";

    private static BadInput Top(string line, string name, string key, string value, string errorKey, string? shown, string allowed, string stack = "dev") =>
        new(line, name, stack, c => c.With(key, value), errorKey, shown, allowed);

    private static BadInput Field(string line, string name, int index, string field, JsonNode? value, string errorKey, string? shown, string allowed) =>
        new(line, name, "dev", c => c.WithServiceField(index, field, value), errorKey, shown, allowed);

    private static BadInput Health(string line, string name, JsonObject health, string errorKey, string? shown, string allowed) =>
        Field(line, name, 0, "healthCheck", health, errorKey, shown, allowed);

    public static IEnumerable<BadInput> Catalogue()
    {
        yield return Top(Line.Cidrs, "malformed VPC CIDR", "vpcCidr", "10.180.0.0/33", "ecs-refarch:vpcCidr", "10.180.0.0/33", "a.b.c.d/n");
        yield return Top(Line.Cidrs, "VPC CIDR with host bits", "vpcCidr", "10.180.1.0/16", "ecs-refarch:vpcCidr", "10.180.1.0/16", "a.b.c.d/n");
        yield return Top(Line.Cidrs, "malformed subnet CIDR", "publicSubnetCidrs", """["10.180.8.0/21","10.180.16/21"]""", "ecs-refarch:publicSubnetCidrs[1]", "10.180.16/21", "a.b.c.d/n");
        yield return Top(Line.Cidrs, "allowed ingress not a CIDR", "allowedIngressCidrs", """["0.0.0.0"]""", "ecs-refarch:allowedIngressCidrs[0]", "0.0.0.0", "a.b.c.d/n");
        yield return Top(Line.Cidrs, "overlapping subnets", "privateSubnetCidrs", """["10.180.8.0/22","10.180.32.0/21"]""", "ecs-refarch:privateSubnetCidrs[0]", "10.180.8.0/22", "share no address");
        yield return Top(Line.VpcPrefix, "VPC prefix too large", "vpcCidr", "10.0.0.0/8", "ecs-refarch:vpcCidr", "10.0.0.0/8", "/16 to /28");
        yield return Top(Line.VpcPrefix, "VPC prefix too small", "vpcCidr", "10.0.0.0/29", "ecs-refarch:vpcCidr", "10.0.0.0/29", "/16 to /28");
        yield return Top(Line.VpcPrefix, "subnet prefix not inside the VPC's", "subnetPrefixLength", "16", "ecs-refarch:subnetPrefixLength", "16", "/17 to /28");
        yield return Top(Line.SubnetsInVpc, "subnet outside the VPC", "publicSubnetCidrs", """["10.180.8.0/21","10.99.16.0/21"]""", "ecs-refarch:publicSubnetCidrs[1]", "10.99.16.0/21", "within 10.180.0.0/16");
        yield return Top(Line.SubnetsInVpc, "subnet count differs from AZ count", "privateSubnetCidrs", """["10.180.24.0/21"]""", "ecs-refarch:privateSubnetCidrs", "10.180.24.0/21", "exactly 2 CIDRs");
        yield return Top(Line.Zones, "one AZ", "availabilityZoneCount", "1", "ecs-refarch:availabilityZoneCount", "1", "from 2 to 16");
        yield return new(Line.Zones, "more AZs than the region offers", "prod", c => c, "ecs-refarch:availabilityZoneCount", "3", "from 2 to 2", RegionZones: ["us-west-1a", "us-west-1c"]);
        yield return new(Line.Zones, "one AZ named, count left to the list", "dev", c => c.Without("availabilityZoneCount").With("availabilityZones", """["us-east-1a"]"""), "ecs-refarch:availabilityZones", "us-east-1a", "at least 2 zone names");
        yield return Top(Line.Zones, "an AZ named twice", "availabilityZones", """["us-east-1a","us-east-1a"]""", "ecs-refarch:availabilityZones", "us-east-1a", "distinct zone names");
        yield return new(Line.Zones, "an AZ the region does not have", "dev", c => c.With("availabilityZones", """["us-east-1a","us-east-1z"]"""), "ecs-refarch:availabilityZones", "us-east-1z", "us-east-1a, us-east-1b", RegionZones: ["us-east-1a", "us-east-1b", "us-east-1c"]);
        yield return Top(Line.InstanceType, "instance type without a size", "instanceType", "t3large", "ecs-refarch:instanceType", "t3large", "family.size");
        yield return Top(Line.InstanceType, "unknown instance type", "instanceType", "zz9.huge", "ecs-refarch:instanceType", "zz9.huge", "t3");
        yield return Top(Line.InstanceType, "unknown type in instanceTypes", "instanceTypes", """["t3.small","zz9.huge"]""", "ecs-refarch:instanceTypes[1]", "zz9.huge", "t3");
        yield return Top(Line.InstanceType, "instanceTypes of two architectures", "instanceTypes", """["t3.small","t4g.small"]""", "ecs-refarch:instanceTypes[1]", "t4g.small", "x64 types only");
        yield return Top(Line.MinMaxDesired, "min above max", "minSize", "5", "ecs-refarch:minSize", "5", "at most maxSize (4)");
        yield return Top(Line.MinMaxDesired, "desired above max", "desiredCapacity", "9", "ecs-refarch:desiredCapacity", "9", "from 2 to 4");
        yield return Field(Line.MinMaxDesired, "service min count above max", 0, "minCount", 9, S(0, "minCount"), "9", "at most maxCount (4)");
        yield return Field(Line.MinMaxDesired, "service desired count outside min and max", 0, "desiredCount", 7, S(0, "desiredCount"), "7", "from 2 to 4");
        yield return Top(Line.ProdCapacity, "prod hosts fewer than AZs", "minSize", "2", "ecs-refarch:minSize", "2", "at least 3 in prod", "prod");
        yield return new(Line.ProdCapacity, "prod Spot without an on-demand host per AZ", "prod", c => c.With("onDemandPercentageAboveBase", "0").With("onDemandBaseCapacity", "0"), "ecs-refarch:onDemandBaseCapacity", "0", "at least 3 in prod");
        yield return new(Line.ProdCapacity, "prod hosts left after an AZ outage cannot hold the minimum", "prod", c => c.WithServiceField(0, "cpu", 1280), "ecs-refarch:desiredCapacity", "3", "more hosts");
        yield return Field(Line.Priority, "priority above 50000", 0, "priority", 50001, S(0, "priority"), "50001", "from 1 to 50000");
        yield return Field(Line.Priority, "priority zero", 1, "priority", 0, S(1, "priority"), "0", "from 1 to 50000");
        yield return new(Line.Priority, "two services with one priority", "dev", c => c.WithServiceField(0, "priority", 7).WithServiceField(1, "priority", 7), S(1, "priority"), "7", "no other service has");
        yield return Field(Line.PathConflict, "duplicate path pattern", 0, "pathPattern", "/", S(1, "pathPattern"), "/", "no other service uses");
        yield return new(Line.PathConflict, "a route shadowed by a catch-all evaluated first", "dev", c => c.WithServiceField(1, "pathPattern", "/*").WithServiceField(1, "priority", 1), S(0, "pathPattern"), "/products", "a pattern no earlier rule already matches");
        yield return Field(Line.PathLength, "path pattern over 128 characters", 0, "pathPattern", "/" + new string('a', 130), S(0, "pathPattern"), "/" + new string('a', 130), "at most 128");
        yield return Field(Line.PathLength, "path pattern without a slash", 0, "pathPattern", "products", S(0, "pathPattern"), "products", "starting with '/'");
        yield return new(Line.RuleCount, "101 services behind one listener", "dev", c => c.With("services", ManyServices(101)), Services, "101 services", "at most 100 services per stack");
        yield return new(Line.ElbName, "ALB name over 32 characters with the suffix", "dev", OwnerOnly, "stack name", "a-very-long-stack-name-x", "at most 20 characters", StackName: "a-very-long-stack-name-x");
        yield return new(Line.ElbName, "ALB name with an underscore", "dev", OwnerOnly, "stack name", "dev_1", "letters, digits and inner hyphens", StackName: "dev_1");
        yield return new(Line.ElbName, "ALB name starting with internal-", "dev", OwnerOnly, "stack name", "internal-x", "not starting with 'internal-'", StackName: "internal-x");
        yield return Field(Line.ElbName, "target-group name starting with internal-", 0, "name", "internal-products", S(0, "name"), "internal-products", "not starting with 'internal-'");
        yield return Field(Line.ElbName, "service name too long for the target group", 0, "name", "product-service-abcdefgh", S(0, "name"), "product-service-abcdefgh", "2 to 21 characters");
        yield return Field(Line.ElbName, "service name with capitals", 0, "name", "Product", S(0, "name"), "Product", "lowercase letters");
        yield return new(Line.IamRoleName, "task role name over 64 characters with the suffix", "dev", c => OwnerOnly(c).WithServiceField(0, "name", "product-service-abcde"), S(0, "name"), "product-service-abcde", "a shorter service or stack name", StackName: new string('s', 30));
        yield return Top(Line.Retention, "retention not a CloudWatch period", "logRetentionDays", "10", "ecs-refarch:logRetentionDays", "10", "1, 3, 5, 7, 14");
        yield return Top(Line.Retention, "retention of zero (never expire)", "logRetentionDays", "0", "ecs-refarch:logRetentionDays", "0", "3653");
        yield return Health(Line.HealthCheck, "health check timeout not below interval", new() { ["intervalSeconds"] = 10, ["timeoutSeconds"] = 10 }, S(0, "healthCheck.timeoutSeconds"), "10", "fewer seconds than healthCheck.intervalSeconds");
        yield return Health(Line.HealthCheck, "health check interval out of range", new() { ["intervalSeconds"] = 400 }, S(0, "healthCheck.intervalSeconds"), "400", "from 5 to 300");
        yield return Health(Line.HealthCheck, "healthy threshold out of range", new() { ["healthyThreshold"] = 1 }, S(0, "healthCheck.healthyThreshold"), "1", "from 2 to 10");
        yield return Health(Line.HealthCheck, "unhealthy threshold out of range", new() { ["unhealthyThreshold"] = 11 }, S(0, "healthCheck.unhealthyThreshold"), "11", "from 2 to 10");
        yield return Health(Line.HealthCheck, "health check matcher not a status", new() { ["matcher"] = "ok" }, S(0, "healthCheck.matcher"), "ok", "codes from 200 to 499");
        yield return Field(Line.Deregistration, "deregistration delay above an hour", 0, "deregistrationDelaySeconds", 4000, S(0, "deregistrationDelaySeconds"), "4000", "from 0 to 3600");
        yield return Field(Line.Deregistration, "negative deregistration delay", 1, "deregistrationDelaySeconds", -1, S(1, "deregistrationDelaySeconds"), "-1", "from 0 to 3600");
        yield return Field(Line.ContainerPort, "container port zero", 0, "containerPort", 0, S(0, "containerPort"), "0", "from 1 to 65535");
        yield return Field(Line.ContainerPort, "container port above 65535", 1, "containerPort", 70000, S(1, "containerPort"), "70000", "from 1 to 65535");
        yield return Health(Line.ContainerPort, "a fixed health-check port the dynamic host port never matches", new() { ["port"] = 8001 }, S(0, "healthCheck.port"), "8001", "traffic-port");
        yield return Field(Line.TaskSize, "memory above the host's", 0, "memory", 4096, S(0, "memory"), "4096", "a larger instanceType");
        yield return Field(Line.TaskSize, "cpu above the host's", 0, "cpu", 4096, S(0, "cpu"), "4096", "at most 1792");
        yield return new(Line.TaskSize, "cpu above a one-vCPU t2.small", "dev", c => c.With("instanceType", "t2.small").WithServiceField(0, "cpu", 1536), S(0, "cpu"), "1536", "at most 768");
        yield return Field(Line.TaskSize, "cpu that fits a host only without the Service Connect proxy", 0, "cpu", 2048, S(0, "cpu"), "2048", "at most 1792");
        yield return new(Line.TaskSize, "memory that fits a host only without the Service Connect proxy", "dev", c => c.WithServiceField(0, "memory", TaskMemory("t3.small")), S(0, "memory"), TaskMemory("t3.small").ToString(CultureInfo.InvariantCulture), $"at most {TaskMemory("t3.small") - 64} MiB");
        yield return Field(Line.TaskSize, "memory reservation above the limit", 0, "memoryReservation", 256, S(0, "memoryReservation"), "256", "less than memory (128 MiB)");
        yield return new(Line.TaskSize, "a listed instance type too small for a task", "dev", c => c.WithServiceField(0, "memory", 400).With("instanceTypes", """["t3.small","t3.nano"]"""), "ecs-refarch:instanceTypes[1]", "t3.nano", "hold the largest task");
        yield return Field(Line.DeploymentPercent, "min healthy not below max percent", 0, "maximumPercent", 100, S(0, "minimumHealthyPercent"), "100", "less than maximumPercent");
        yield return Top(Line.Https, "HTTPS without a certificate", "httpsEnabled", "true", "ecs-refarch:certificateArn", null, "an ACM certificate ARN");
        yield return Top(Line.Https, "certificate of another service", "certificateArn", "arn:aws:iam::123456789012:server-certificate/x", "ecs-refarch:certificateArn", "arn:aws:iam::123456789012:server-certificate/x", "arn:aws:acm:", "prod");
        yield return Top(Line.Https, "certificate of another region", "certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123", "ecs-refarch:certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/abc-123", "in us-east-1", "prod");
        yield return Top(Line.KeysAndTypes, "unknown key (typo)", "instanceTyp", "t3.small", "ecs-refarch:instanceTyp", "t3.small", "declared in Pulumi.yaml");
        yield return Field(Line.KeysAndTypes, "unknown service field", 0, "containerPrt", 80, S(0, "containerPrt"), "80", "containerPort");
        yield return Health(Line.KeysAndTypes, "unknown health-check field", new() { ["intervalSecs"] = 10 }, S(0, "healthCheck.intervalSecs"), "10", "intervalSeconds");
        yield return Top(Line.KeysAndTypes, "AZ count not a number", "availabilityZoneCount", "two", "ecs-refarch:availabilityZoneCount", "two", "an integer");
        yield return Top(Line.KeysAndTypes, "not a boolean", "deletionProtection", "yes", "ecs-refarch:deletionProtection", "yes", "true or false");
        yield return Top(Line.KeysAndTypes, "wait for steady state not a boolean", "waitForSteadyState", "always", "ecs-refarch:waitForSteadyState", "always", "true or false");
        yield return Top(Line.KeysAndTypes, "a list given as a plain string", "allowedIngressCidrs", "0.0.0.0/0", "ecs-refarch:allowedIngressCidrs", "0.0.0.0/0", "a YAML list");
        yield return Top(Line.KeysAndTypes, "services not a list", Services, """{"name":"x"}""", Services, """{"name":"x"}""", "a YAML list of service maps");
        yield return Field(Line.KeysAndTypes, "container port as text", 0, "containerPort", "http", S(0, "containerPort"), "http", "an integer from 1 to 65535");
        yield return Field(Line.KeysAndTypes, "environment as a list", 0, "environment", new JsonArray("A=1"), S(0, "environment"), """["A=1"]""", "a map of names to strings");
        yield return Field(Line.KeysAndTypes, "service name as a number", 0, "name", 7, S(0, "name"), "7", "lowercase letters");
        yield return Field(Line.KeysAndTypes, "missing image", 0, "image", null, S(0, "image"), null, "image reference");
        yield return Field(Line.KeysAndTypes, "empty environment value", 0, "environment", new JsonObject { ["LOG_LEVEL"] = "" }, S(0, "environment.LOG_LEVEL"), "", "a non-empty value");
        yield return Field(Line.Secrets, "secret value in environment", 0, "environment", new JsonObject { ["DB_PASSWORD"] = "hunter2" }, S(0, "environment.DB_PASSWORD"), "(value withheld)", "move it to 'secrets'");
        yield return Field(Line.Secrets, "secret that is a value, not a reference", 0, "secrets", new JsonObject { ["DB_PASSWORD"] = "hunter2-is-long" }, S(0, "secrets.DB_PASSWORD"), "(value withheld)", "SSM parameter ARN");
        yield return Field(Line.Secrets, "secret referenced by a malformed ARN", 0, "secrets", new JsonObject { ["DB_PASSWORD"] = "arn:aws:s3:::bucket/db" }, S(0, "secrets.DB_PASSWORD"), "arn:aws:s3:::bucket/db", "Secrets Manager ARN");
        yield return Top(Line.Other, "unknown NAT mode", "natGateways", "perAz", "ecs-refarch:natGateways", "perAz", "single, onePerAz");
        yield return Top(Line.Other, "idle timeout out of range", "idleTimeoutSeconds", "5000", "ecs-refarch:idleTimeoutSeconds", "5000", "from 1 to 4000");
        yield return Top(Line.Other, "desync mode monitor", "desyncMitigationMode", "monitor", "ecs-refarch:desyncMitigationMode", "monitor", "defensive, strictest");
        yield return Top(Line.Other, "WAF ARN of a global web ACL", "wafWebAclArn", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/y", "ecs-refarch:wafWebAclArn", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/y", "regional/webacl");
        yield return Top(Line.Other, "bad region", "aws:region", "useast1", "aws:region", "useast1", "us-east-1");
        yield return Top(Line.Other, "root volume below the AMI's", "rootVolumeSizeGiB", "8", "ecs-refarch:rootVolumeSizeGiB", "8", "from 30 to 16384");
        yield return Top(Line.Other, "SSL policy not an ELB policy", "sslPolicy", "TLSv1.3", "ecs-refarch:sslPolicy", "TLSv1.3", "ELBSecurityPolicy-", "prod");
        yield return Field(Line.Other, "URL of an unknown service", 1, "serviceUrlEnvironment", new JsonObject { ["PRODUCT_SERVICE_URL"] = "products" }, S(1, "serviceUrlEnvironment.PRODUCT_SERVICE_URL"), "products", "product-service");
        yield return Field(Line.Other, "duplicate service name", 1, "name", "product-service", S(1, "name"), "product-service", "no other service uses");
        yield return Top(Line.Other, "alarm email without a domain", "alarmEmails", """["oncall@example.com","oncall"]""", "ecs-refarch:alarmEmails[1]", "oncall", "an address such as");
        yield return Top(Line.Other, "alarm email listed twice", "alarmEmails", """["oncall@example.com","ONCALL@example.com"]""", "ecs-refarch:alarmEmails", "oncall@example.com", "each address once");
        yield return Top(Line.Other, "alarm topic on the AWS managed key", "alarmTopicKmsKeyArn", "alias/aws/sns", "ecs-refarch:alarmTopicKmsKeyArn", "alias/aws/sns", "customer managed key");
        yield return Top(Line.Other, "alarm topic key of another region", "alarmTopicKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/12345678-1234-4123-8123-123456789012", "ecs-refarch:alarmTopicKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/12345678-1234-4123-8123-123456789012", "a KMS key ARN in us-east-1");
        yield return Top(Line.Other, "5XX-rate threshold above 100 %", "alarmTarget5xxPercent", "150", "ecs-refarch:alarmTarget5xxPercent", "150", "from 1 to 100");
        yield return Top(Line.Other, "unhealthy-host minutes zero", "alarmUnhealthyHostMinutes", "0", "ecs-refarch:alarmUnhealthyHostMinutes", "0", "from 1 to 60");
        yield return Field(Line.Other, "unknown deployment strategy", 0, "deployment", new JsonObject { ["strategy"] = "linearish" }, S(0, "deployment.strategy"), "linearish", "rolling, canary, blueGreen");
        yield return Field(Line.Other, "canary share of 0 %", 0, "deployment", new JsonObject { ["strategy"] = "canary", ["canaryPercent"] = 0 }, S(0, "deployment.canaryPercent"), "0", "from 1 to 99");
        yield return Field(Line.Other, "canary share of 100 %", 0, "deployment", new JsonObject { ["strategy"] = "canary", ["canaryPercent"] = 100 }, S(0, "deployment.canaryPercent"), "100", "from 1 to 99");
        yield return Field(Line.Other, "canary bake time over a day", 0, "deployment", new JsonObject { ["strategy"] = "canary", ["canaryBakeMinutes"] = 1441 }, S(0, "deployment.canaryBakeMinutes"), "1441", "from 0 to 1440");
        yield return Field(Line.Other, "blue/green bake time negative", 0, "deployment", new JsonObject { ["strategy"] = "blueGreen", ["bakeMinutes"] = -1 }, S(0, "deployment.bakeMinutes"), "-1", "from 0 to 1440");
        yield return Field(Line.Other, "canary share given to a blue/green deployment", 0, "deployment", new JsonObject { ["strategy"] = "blueGreen", ["canaryPercent"] = 20 }, S(0, "deployment.canaryPercent"), "20", "strategy canary to use it");
        yield return Field(Line.Other, "bake time given to a rolling deployment", 0, "deployment", new JsonObject { ["strategy"] = "rolling", ["bakeMinutes"] = 5 }, S(0, "deployment.bakeMinutes"), "5", "canary or blueGreen");
        yield return Field(Line.Other, "misspelt deployment field", 0, "deployment", new JsonObject { ["strategy"] = "canary", ["canaryPercentage"] = 5 }, S(0, "deployment.canaryPercentage"), "5", "canaryPercent");
        yield return new(Line.ElbName, "a 21-character service name deployed canary leaves no room for its alternate target group", "prod", c => c.WithServiceField(0, "name", "product-service-abcde"), S(0, "name"), "product-service-abcde", "at most 20 characters with canary or blueGreen");

        // What AWS enforces only at deploy time, checked before anything exists.
        yield return Top(Line.Other, "a region AWS does not offer", "aws:region", "us-east-3", "aws:region", "us-east-3", "us-east-1, us-east-2");
        yield return Top(Line.Zones, "an AZ of another region, offline", "availabilityZones", """["us-east-1a","eu-west-1b"]""", "ecs-refarch:availabilityZones", "eu-west-1b", "AZ names of us-east-1");
        yield return Field(Line.KeysAndTypes, "image with an uppercase repository", 0, "image", "example.com/Team/app:1.0", S(0, "image"), "example.com/Team/app:1.0", "lowercase repository path");
        yield return Field(Line.KeysAndTypes, "image tag over 128 characters", 0, "image", "example.com/app:" + new string('1', 129), S(0, "image"), "example.com/app:" + new string('1', 129), "a tag of at most 128 characters");
        yield return Field(Line.KeysAndTypes, "image digest of the wrong length", 0, "image", "example.com/app@sha256:abcd", S(0, "image"), "example.com/app@sha256:abcd", "sha256:<64 hex>");
        yield return new(Line.Https, "certificate of another account", "prod", c => c, "ecs-refarch:certificateArn", StackFiles.Raw("prod")["ecs-refarch:certificateArn"], "an issued ACM certificate of account 210987654321", AccountId: "210987654321");
        yield return new(Line.Https, "certificate of another partition", "dev", c => c.With("aws:region", "cn-north-1").With("httpsEnabled", "true").With("certificateArn", "arn:aws:acm:cn-north-1:123456789012:certificate/abc-123"), "ecs-refarch:certificateArn", "arn:aws:acm:cn-north-1:123456789012:certificate/abc-123", "arn:aws-cn:acm:cn-north-1:");
        yield return Field(Line.TaskSize, "memory reservation equal to the limit", 0, "memoryReservation", 128, S(0, "memoryReservation"), "128", "less than memory (128 MiB)");
        yield return new(Line.DeploymentPercent, "maximumPercent 100 with AZ rebalancing", "dev", c => c.WithServiceField(0, "minimumHealthyPercent", 50).WithServiceField(0, "maximumPercent", 100), S(0, "maximumPercent"), "100", "from 101 to 200");
        yield return new(Line.SubnetsInVpc, "planned public subnets too small for the load balancer", "dev", c => c.With("vpcCidr", "10.1.0.0/24").With("subnetPrefixLength", "28"), "ecs-refarch:subnetPrefixLength", "28", "a prefix from /25 to /27");
        yield return Top(Line.SubnetsInVpc, "an explicit public subnet too small for the load balancer", "publicSubnetCidrs", """["10.180.8.0/21","10.180.16.0/28"]""", "ecs-refarch:publicSubnetCidrs[1]", "10.180.16.0/28", "a public subnet of /16 to /27");
        yield return new(Line.DeploymentPercent, "a deployment that rounding freezes at one task", "dev", c => c.WithServiceField(0, "minCount", 1).WithServiceField(0, "maximumPercent", 150), S(0, "maximumPercent"), "150", "at least 200 while the service may run 1 task(s)");
        yield return Top(Line.Other, "log key of another region", "logKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "ecs-refarch:logKmsKeyArn", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "a KMS key ARN in us-east-1");
        yield return Field(Line.Other, "service URL form unknown", 1, "serviceUrlEnvironment", new JsonObject { ["PRODUCT_SERVICE_URL"] = new JsonObject { ["service"] = "product-service", ["form"] = "https" } }, S(1, "serviceUrlEnvironment.PRODUCT_SERVICE_URL.form"), "https", "hostPath");
        yield return Field(Line.Other, "service URL reference as a list", 1, "serviceUrlEnvironment", new JsonObject { ["PRODUCT_SERVICE_URL"] = new JsonArray("product-service") }, S(1, "serviceUrlEnvironment.PRODUCT_SERVICE_URL"), "[\"product-service\"]", "{ service: <name>, form: hostPath | url }");
        yield return new(Line.Https, "service URL without a scheme through a load balancer that only redirects HTTP", "prod", c => c.With("serviceDiscovery", "loadBalancer").With("domainName", "shop.example.com"), S(1, "serviceUrlEnvironment.PRODUCT_SERVICE_URL"), "product-service", "serviceDiscovery: serviceConnect");
        yield return new(Line.Https, "service URLs through an HTTPS load balancer named only by its AWS name", "prod", c => c.With("serviceDiscovery", "loadBalancer"), "ecs-refarch:serviceDiscovery", "loadBalancer", "domainName");
        yield return Top(Line.Other, "plain-HTTP service URL through the load balancer's public address", "serviceDiscovery", "loadBalancer", S(1, "serviceUrlEnvironment.PRODUCT_SERVICE_URL"), "product-service", "serviceDiscovery: serviceConnect");
        yield return Top(Line.Other, "unknown service discovery", "serviceDiscovery", "cloudMap", "ecs-refarch:serviceDiscovery", "cloudMap", "serviceConnect, loadBalancer");
        yield return new(Line.Https, "HTTPS with neither a certificate nor a zone to validate one in", "prod", c => c.Without("certificateArn").With("domainName", "shop.example.com"), "ecs-refarch:certificateArn", null, "hostedZoneId");
        yield return Top(Line.Other, "domain name with one label", "domainName", "localhost", "ecs-refarch:domainName", "localhost", "two or more labels");
        yield return Top(Line.Other, "domain name with a label over 63 characters", "domainName", new string('a', 64) + ".example.com", "ecs-refarch:domainName", new string('a', 64) + ".example.com", "1 to 63 each");
        yield return Top(Line.Other, "domain name over 253 characters", "domainName", string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".com", "ecs-refarch:domainName", string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".com", "at most 253 characters");
        yield return Top(Line.Other, "domain name with an underscore", "domainName", "my_shop.example.com", "ecs-refarch:domainName", "my_shop.example.com", "letters, digits and inner hyphens");
        yield return Top(Line.Other, "domain name in uppercase", "domainName", "Shop.Example.com", "ecs-refarch:domainName", "Shop.Example.com", "lowercase");
        yield return new(Line.Other, "domain name outside the hosted zone", "dev", c => c.With("domainName", "shop.example.org").With("hostedZoneId", "Z0123456789ABCDEFGHIJ").With("hostedZoneName", "example.com"), "ecs-refarch:domainName", "shop.example.org", "a name ending in .example.com");
        yield return new(Line.Other, "domain name that only ends like the zone", "dev", c => c.With("domainName", "notexample.com").With("hostedZoneId", "Z0123456789ABCDEFGHIJ").With("hostedZoneName", "example.com"), "ecs-refarch:domainName", "notexample.com", "a name ending in .example.com");
        yield return new(Line.Other, "hosted zone id in the /hostedzone/ form", "dev", c => c.With("domainName", "shop.example.com").With("hostedZoneId", "/hostedzone/Z0123456789ABCDEFGHIJ"), "ecs-refarch:hostedZoneId", "/hostedzone/Z0123456789ABCDEFGHIJ", "without /hostedzone/");
        yield return Top(Line.Other, "hosted zone without a domain name", "hostedZoneId", "Z0123456789ABCDEFGHIJ", "ecs-refarch:hostedZoneId", "Z0123456789ABCDEFGHIJ", "domainName as well");
        yield return new(Line.Other, "hosted zone name without the zone id", "dev", c => c.With("domainName", "shop.example.com").With("hostedZoneName", "example.com"), "ecs-refarch:hostedZoneName", "example.com", "hostedZoneId as well");
    }

    /// <summary>What a host of the type leaves for tasks, in MiB.</summary>
    private static int TaskMemory(string instanceType) => Infra.Model.Compute.InstanceTypes.Find(instanceType)!.TaskMemoryMiB;

    public static IEnumerable<TestCaseData> Cases() => Catalogue().Select(c => new TestCaseData(c).SetName($"{c.Line}: {c.Name}"));

    [TestCaseSource(nameof(Cases))]
    public void Bad_input_is_rejected_naming_key_value_and_what_is_allowed(BadInput input)
    {
        var errors = input.Errors();

        var error = errors.FirstOrDefault(e => e.Key == input.Key);
        Assert.That(error, Is.Not.Null, $"no error for {input.Key}; got:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        Assert.Multiple(() =>
        {
            Assert.That(error!.Value, Is.EqualTo(input.Value), "the value named in the error");
            Assert.That(error.Allowed, Does.Contain(input.Allowed), "what is allowed");
            Assert.That(error.ToString(), Does.Contain(input.Key).And.Contain(error.Allowed).And.Contain(error.Problem));
        });
    }

    [Test]
    public void The_catalogue_covers_every_line_with_at_least_45_configurations()
    {
        var catalogue = Catalogue().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(catalogue, Has.Count.GreaterThanOrEqualTo(45));
            Assert.That(Line.All.Except(catalogue.Select(c => c.Line)), Is.Empty, "catalogue lines without a configuration");
            Assert.That(catalogue.Select(c => c.ToString()), Is.Unique);
        });
    }

    [Test]
    public void A_configuration_with_many_problems_reports_them_all_at_once()
    {
        var picked = new[]
        {
            "subnet outside the VPC", "unknown NAT mode", "desired above max", "retention not a CloudWatch period",
            "HTTPS without a certificate", "unknown key (typo)", "not a boolean", "idle timeout out of range",
            "priority above 50000", "container port above 65535", "root volume below the AMI's", "deregistration delay above an hour",
            "secret value in environment",
        };
        var cases = Catalogue().Where(c => picked.Contains(c.Name)).ToList();
        Assert.That(cases, Has.Count.EqualTo(picked.Length));
        var config = cases.Aggregate(RawConfig.From("dev"), (c, bad) => bad.Change(c));

        var errors = config.Errors();

        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(cases.Select(c => c.Key)));
        var exception = Assert.Throws<SettingsValidationException>(() => config.Load());
        Assert.That(exception!.Message, Does.Contain($"{errors.Count} problem(s); nothing was created"));
        Assert.That(exception.Errors, Has.Count.GreaterThanOrEqualTo(picked.Length));
    }

    /// <summary>A stack other than the committed one: the owner tag stays, project and stack tags follow the name.</summary>
    private static RawConfig OwnerOnly(RawConfig config) => config.With("aws:defaultTags", """{"tags":{"owner":"platform-team"}}""");

    private static string ManyServices(int count) =>
        new JsonArray([.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = string.Create(CultureInfo.InvariantCulture, $"svc-{i:000}"),
            ["image"] = "public.ecr.aws/nginx/nginx:1.27",
            ["containerPort"] = 80,
            ["pathPattern"] = string.Create(CultureInfo.InvariantCulture, $"/svc-{i:000}"),
            ["cpu"] = 2,
            ["memory"] = 6,
        })]).ToJsonString();
}

/// <summary>Changes to a configuration's services list, composable with <see cref="RawConfig.With"/>.</summary>
public static class RawConfigServices
{
    /// <summary>The configuration with one field of the service at <paramref name="index"/> replaced (null reads as not set).</summary>
    public static RawConfig WithServiceField(this RawConfig config, int index, string field, JsonNode? value)
    {
        var services = JsonNode.Parse(config.Values[ConfigKeys.Full(ConfigKeys.Services)])!.AsArray();
        services[index]![field] = value?.DeepClone();
        return config.With(ConfigKeys.Services, services.ToJsonString());
    }
}
