using System.Text;
using System.Text.RegularExpressions;
using Infra.Model.Settings;

namespace Infra.Model.Policy;

internal sealed class C1Imdsv2Required() : PolicyCheck(
    "C1",
    PolicyScope.EveryStack,
    "IMDSv2 httpTokens = required",
    "Sees aws:ec2/launchTemplate:LaunchTemplate metadataOptions.httpTokens; absent is a violation (the AMI's default decides).")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.OfType(ResourceTypes.LaunchTemplate)
            .Where(lt => PlanJson.Text(PlanJson.At(lt.Inputs, "metadataOptions.httpTokens")) != "required")
            .Select(lt => Flag(lt, "metadataOptions.httpTokens", "set metadataOptions.httpTokens = \"required\" (IMDSv2 only)"));
}

internal sealed class C2HopLimitOne() : PolicyCheck(
    "C2",
    PolicyScope.EveryStack,
    "hop limit 1 (tasks cannot reach instance credentials)",
    "Sees aws:ec2/launchTemplate:LaunchTemplate metadataOptions.httpPutResponseHopLimit; it must be exactly 1. Absent is a "
    + "violation: Amazon Linux 2023 AMIs default to 2, which lets bridge-mode containers reach the instance role.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context) =>
        plan.OfType(ResourceTypes.LaunchTemplate)
            .Where(lt => PlanJson.Number(PlanJson.At(lt.Inputs, "metadataOptions.httpPutResponseHopLimit")) != 1)
            .Select(lt => Flag(lt, "metadataOptions.httpPutResponseHopLimit", "set metadataOptions.httpPutResponseHopLimit = 1"));
}

internal sealed class C3NoPublicIp() : PolicyCheck(
    "C3",
    PolicyScope.EveryStack,
    "no public IP",
    "Sees aws:ec2/launchTemplate:LaunchTemplate networkInterfaces[].associatePublicIpAddress (the string \"false\" or a "
    + "boolean). A template without network interfaces leaves the choice to the subnet and is reported; N3 covers the "
    + "subnets.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var lt in plan.OfType(ResourceTypes.LaunchTemplate))
        {
            var interfaces = PlanJson.Array(lt.Inputs["networkInterfaces"]);
            if (interfaces.Count == 0)
            {
                yield return Flag(lt, "networkInterfaces", "declare the network interface with associatePublicIpAddress = \"false\"");
            }

            for (var i = 0; i < interfaces.Count; i++)
            {
                if (PlanJson.Bool(PlanJson.At(interfaces[i], "associatePublicIpAddress")) != false)
                {
                    yield return Flag(lt, $"networkInterfaces[{i}].associatePublicIpAddress", "set associatePublicIpAddress = \"false\"");
                }
            }
        }
    }
}

internal sealed class C4EbsEncrypted() : PolicyCheck(
    "C4",
    PolicyScope.EveryStack,
    "EBS encrypted",
    "Sees aws:ec2/launchTemplate:LaunchTemplate blockDeviceMappings[].ebs.encrypted (the string \"true\" or a boolean). A "
    + "template without block device mappings leaves encryption to the account default and is reported.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var lt in plan.OfType(ResourceTypes.LaunchTemplate))
        {
            var mappings = PlanJson.Array(lt.Inputs["blockDeviceMappings"]);
            if (mappings.Count == 0)
            {
                yield return Flag(lt, "blockDeviceMappings", "declare the root volume with ebs.encrypted = \"true\"");
            }

            for (var i = 0; i < mappings.Count; i++)
            {
                if (PlanJson.At(mappings[i], "ebs") is not null && PlanJson.Bool(PlanJson.At(mappings[i], "ebs.encrypted")) != true)
                {
                    yield return Flag(lt, $"blockDeviceMappings[{i}].ebs.encrypted", "set ebs.encrypted = \"true\"");
                }
            }
        }
    }
}

internal sealed partial class C5NoSecretsInUserData() : PolicyCheck(
    "C5",
    PolicyScope.EveryStack,
    "no secrets in user data",
    "Sees aws:ec2/launchTemplate:LaunchTemplate userData (base64, decoded when it is): access key ids, private keys, and "
    + "literal values assigned to names such as PASSWORD, SECRET, TOKEN, API_KEY, AUTH_DATA. A value computed at boot "
    + "($(...), $VAR) is not a literal and passes. Cannot see secrets that arrive unknown at plan time.")
{
    public override bool JudgesEachResourceAlone => true;

    [GeneratedRegex("[A-Za-z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|AUTH_DATA|CREDENTIAL)[A-Za-z0-9_]*\\s*[=:]\\s*[\"']?(?![\"'$\\s])[^\\s\"']{4,}", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();

    public static bool LooksSecret(string text) => SecretPatterns.KeyMaterial().IsMatch(text) || SecretAssignment().IsMatch(text);

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var lt in plan.OfType(ResourceTypes.LaunchTemplate))
        {
            if (PlanJson.Text(lt.Inputs["userData"]) is { } userData && LooksSecret(Decode(userData)))
            {
                yield return Flag(lt, "userData", "keep secrets out of user data (it is readable from the instance metadata); read them at boot from SSM Parameter Store or Secrets Manager with the instance role");
            }
        }
    }

    private static string Decode(string userData)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(userData));
        }
        catch (FormatException)
        {
            return userData;
        }
    }
}

internal sealed class C6LaunchTemplate() : PolicyCheck(
    "C6",
    PolicyScope.EveryStack,
    "ASG uses a launch template",
    "Sees aws:autoscaling/group:Group launchTemplate (or mixedInstancesPolicy.launchTemplate) and launchConfiguration. The "
    + "template id may be unknown at plan time; the launchTemplate block itself must be there.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var group in plan.OfType(ResourceTypes.AutoScalingGroup))
        {
            if (group.Inputs["launchConfiguration"] is not null)
            {
                yield return Flag(group, "launchConfiguration", "replace the launch configuration (deprecated, no IMDSv2 defaults) with a launch template");
            }
            else if (PlanJson.Object(group.Inputs["launchTemplate"]) is null && PlanJson.At(group.Inputs, "mixedInstancesPolicy.launchTemplate") is null)
            {
                yield return Flag(group, "launchTemplate", "launch the hosts from the cluster's launch template (launchTemplate.id and version)");
            }
        }
    }
}

internal sealed class C7TwoZones() : PolicyCheck(
    "C7",
    PolicyScope.EveryStack,
    "at least 2 AZs",
    "Sees the auto scaling groups' vpcZoneIdentifiers (or availabilityZones): at least two distinct subnets; and the "
    + "awsx:ec2:Vpc availabilityZoneNames or numberOfAvailabilityZones (absent: awsx's default of 3). A group whose subnets "
    + "are unknown at plan time is reported. Cannot see which AZ a subnet id is in: one subnet per AZ is the Network's plan.")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var group in plan.OfType(ResourceTypes.AutoScalingGroup))
        {
            var subnets = PlanJson.Strings(group.Inputs["vpcZoneIdentifiers"]).Distinct(StringComparer.Ordinal).Count();
            var zones = PlanJson.Strings(group.Inputs["availabilityZones"]).Distinct(StringComparer.Ordinal).Count();
            if (Math.Max(subnets, zones) < 2)
            {
                yield return Flag(group, "vpcZoneIdentifiers", "spread the hosts over the private subnets of at least two AZs");
            }
        }

        foreach (var vpc in plan.OfType(ResourceTypes.AwsxVpc))
        {
            var names = PlanJson.Strings(vpc.Inputs["availabilityZoneNames"]).Count;
            var count = PlanJson.Number(vpc.Inputs["numberOfAvailabilityZones"]);
            if ((names > 0 && names < 2) || count < 2)
            {
                yield return Flag(vpc, names > 0 ? "availabilityZoneNames" : "numberOfAvailabilityZones", "plan subnets in at least two AZs");
            }
        }
    }
}

internal sealed class C8AsgHealthCheck() : PolicyCheck(
    "C8",
    PolicyScope.EveryStack,
    "ASG health check type and grace period set",
    "Sees aws:autoscaling/group:Group healthCheckType (EC2 or ELB) and healthCheckGracePeriod (a number, 0 or more).")
{
    public override bool JudgesEachResourceAlone => true;

    public override IEnumerable<Violation> Evaluate(PlanView plan, PolicyContext context)
    {
        foreach (var group in plan.OfType(ResourceTypes.AutoScalingGroup))
        {
            if (PlanJson.Text(group.Inputs["healthCheckType"]) is not ("EC2" or "ELB"))
            {
                yield return Flag(group, "healthCheckType", "set healthCheckType (EC2 for ECS hosts behind a capacity provider)");
            }

            if (PlanJson.Number(group.Inputs["healthCheckGracePeriod"]) is not >= 0)
            {
                yield return Flag(group, "healthCheckGracePeriod", "set healthCheckGracePeriod to the seconds a host needs to boot and join the cluster");
            }
        }
    }
}
