using System.Diagnostics;
using System.Text.Json.Nodes;
using Infra.Model.Compute;

namespace Infra.Model.Tests.Compute;

/// <summary>The hosts' user data: ECS agent settings, the CloudWatch agent and its configuration, a clean script.</summary>
public class UserDataTests
{
    private const string ClusterName = "cluster-ecs-1a2b3c4";

    private static string Script(string stack, string clusterName = ClusterName) =>
        UserData.For(ClusterPlan.For(StackFiles.Settings(stack)), clusterName);

    private static string[] Lines(string script) => script.Split('\n');

    /// <summary>The lines of the here-document that writes <paramref name="path"/>.</summary>
    private static string[] HereDocument(string script, string path)
    {
        var lines = Lines(script);
        var start = Array.FindIndex(lines, l => l.StartsWith($"cat > {path} <<'", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"no here-document writes {path}");
        var delimiter = lines[start][(lines[start].IndexOf("<<'", StringComparison.Ordinal) + 3)..].TrimEnd('\'');
        var end = Array.IndexOf(lines, delimiter, start + 1);
        Assert.That(end, Is.GreaterThan(start), $"the here-document for {path} is not closed by '{delimiter}'");
        return lines[(start + 1)..end];
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void The_script_is_strict_bash(string stack)
    {
        var lines = Lines(Script(stack));

        Assert.That(lines[0], Is.EqualTo("#!/bin/bash"));
        Assert.That(lines, Does.Contain("set -euo pipefail"));
        Assert.That(Script(stack), Does.Not.Contain("\r"));
    }

    [TestCase("dev", "cluster-ecs-1a2b3c4")]
    [TestCase("prod", "my_cluster-2")]
    public void The_ECS_agent_joins_the_named_cluster(string stack, string clusterName)
    {
        var ecsConfig = HereDocument(Script(stack, clusterName), "/etc/ecs/ecs.config");

        Assert.That(ecsConfig, Does.Contain($"ECS_CLUSTER={clusterName}"));
        Assert.That(ecsConfig.Count(l => l.StartsWith("ECS_CLUSTER=", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void The_ECS_agent_reserves_memory_exposes_metadata_and_cleans_up(string stack)
    {
        var ecsConfig = HereDocument(Script(stack), "/etc/ecs/ecs.config");

        Assert.That(ecsConfig, Is.SupersetOf(new[]
        {
            "ECS_ENABLE_CONTAINER_METADATA=true",
            "ECS_RESERVED_MEMORY=256",
            "ECS_CONTAINER_STOP_TIMEOUT=30s",
            "ECS_ENGINE_TASK_CLEANUP_WAIT_DURATION=1h",
            "ECS_IMAGE_CLEANUP_INTERVAL=30m",
            "ECS_IMAGE_MINIMUM_CLEANUP_AGE=1h",
            "ECS_NUM_IMAGES_DELETE_PER_CYCLE=5",
        }));
        // On-demand hosts get no spot interruption notices.
        Assert.That(ecsConfig, Has.None.StartsWith("ECS_ENABLE_SPOT_INSTANCE_DRAINING"));
        Assert.That(ecsConfig, Has.All.Match("^ECS_[A-Z_]+=[^ ]+$"));
    }

    [Test]
    public void The_stop_timeout_follows_the_services()
    {
        var settings = StackFiles.Settings("dev");
        settings = settings with { Services = [settings.Services[0] with { StopTimeoutSeconds = 75 }, settings.Services[1]] };

        Assert.That(HereDocument(UserData.For(ClusterPlan.For(settings), ClusterName), "/etc/ecs/ecs.config"), Does.Contain("ECS_CONTAINER_STOP_TIMEOUT=75s"));
    }

    [TestCase("dev", 14)]
    [TestCase("prod", 365)]
    public void The_agent_ships_each_instance_log_to_its_group_with_the_stacks_retention(string stack, int retention)
    {
        var config = JsonNode.Parse(UserData.ExtractAgentConfig(Script(stack)))!;
        var files = config["logs"]!["logs_collected"]!["files"]!["collect_list"]!.AsArray()
            .Select(f => (
                Path: (string)f!["file_path"]!,
                Group: (string)f["log_group_name"]!,
                Stream: (string)f["log_stream_name"]!,
                Retention: (int)f["retention_in_days"]!))
            .ToList();

        Assert.That(files, Is.EquivalentTo(new[]
        {
            ("/var/log/messages", $"/ec2/ecs-refarch/{stack}/messages", "{instance_id}", retention),
            ("/var/log/secure", $"/ec2/ecs-refarch/{stack}/secure", "{instance_id}", retention),
            ("/var/log/ecs/ecs-init.log", $"/ec2/ecs-refarch/{stack}/ecs-init", "{instance_id}", retention),
            ("/var/log/ecs/ecs-agent.log", $"/ec2/ecs-refarch/{stack}/ecs-agent", "{instance_id}", retention),
            ("/var/log/ecs/audit.log", $"/ec2/ecs-refarch/{stack}/ecs-audit", "{instance_id}", retention),
        }));
        Assert.That((string?)config["agent"]?["run_as_user"], Is.EqualTo("root"), "the ECS logs are readable by root only");
    }

    [Test]
    public void The_agent_configuration_names_exactly_the_groups_the_stack_creates()
    {
        var plan = ClusterPlan.For(RawConfig.From("dev").With("logRetentionDays", "90").Load());
        var config = JsonNode.Parse(UserData.ExtractAgentConfig(UserData.For(plan, ClusterName)))!;
        var entries = config["logs"]!["logs_collected"]!["files"]!["collect_list"]!.AsArray();

        Assert.That(entries.Select(f => (string)f!["log_group_name"]!), Is.EqualTo(plan.InstanceLogGroupNames));
        Assert.That(entries.Select(f => (int)f!["retention_in_days"]!), Has.All.EqualTo(90));
    }

    [Test]
    public void The_agent_configuration_is_written_where_the_agent_is_started_from()
    {
        var lines = Lines(Script("dev"));

        Assert.That(HereDocument(Script("dev"), "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json"), Is.Not.Empty);
        Assert.That(lines, Does.Contain(
            "/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json"));
    }

    [Test]
    public void Syslog_files_exist_because_rsyslog_is_installed_before_the_agent_starts()
    {
        // Amazon Linux 2023 has no /var/log/messages or /var/log/secure until rsyslog writes them from the journal.
        var lines = Lines(Script("dev")).ToList();
        var install = lines.FindIndex(l => l.StartsWith("dnf install -y ", StringComparison.Ordinal));
        var rsyslog = lines.IndexOf("systemctl enable --now rsyslog");
        var agent = lines.FindIndex(l => l.Contains("amazon-cloudwatch-agent-ctl", StringComparison.Ordinal));

        Assert.That(lines[install].Split(' '), Is.SupersetOf(new[] { "rsyslog", "amazon-cloudwatch-agent" }));
        Assert.That(install, Is.LessThan(rsyslog));
        Assert.That(rsyslog, Is.LessThan(agent));
    }

    [Test]
    public void The_ECS_configuration_is_written_before_anything_that_can_fail()
    {
        var lines = Lines(Script("dev")).ToList();

        Assert.That(
            lines.FindIndex(l => l.StartsWith("cat > /etc/ecs/ecs.config", StringComparison.Ordinal)),
            Is.LessThan(lines.FindIndex(l => l.StartsWith("dnf ", StringComparison.Ordinal))));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void C5_the_user_data_holds_no_credentials(string stack)
    {
        var script = Script(stack);

        Assert.That(script, Does.Not.Match("AKIA[0-9A-Z]{16}"));
        Assert.That(script, Does.Not.Contain("AWS_SECRET_ACCESS_KEY").And.Not.Contain("AWS_SESSION_TOKEN"));
        Assert.That(script, Does.Not.Contain("password").IgnoreCase);
    }

    [TestCase("my cluster")]
    [TestCase("x$(reboot)")]
    [TestCase("a'b")]
    [TestCase("")]
    public void A_name_ECS_would_not_accept_never_reaches_the_script(string name)
    {
        var plan = ClusterPlan.For(StackFiles.Settings("dev"));

        Assert.That(() => UserData.For(plan, name), Throws.ArgumentException.With.Message.Contains("not an ECS cluster name"));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    [TestCase("arm64")]
    public void Shellcheck_finds_nothing(string stack)
    {
        var script = stack == "arm64"
            ? UserData.For(ClusterPlan.For(RawConfig.From("prod").With("instanceType", "m7g.large").Load()), ClusterName)
            : Script(stack);

        var (exitCode, output) = RunShellcheck(script);

        Assert.That(output, Is.Empty, $"shellcheck reported findings:\n{output}");
        Assert.That(exitCode, Is.Zero);
    }

    private static (int ExitCode, string Output) RunShellcheck(string script)
    {
        var start = new ProcessStartInfo("shellcheck")
        {
            ArgumentList = { "--shell=bash", "--severity=style", "--format=gcc", "-" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("shellcheck did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"shellcheck is not installed ({e.Message}); install it (Debian: apt-get install shellcheck; .ci/run does) to check the user data");
            throw;
        }

        using (process)
        {
            process.StandardInput.Write(script);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
        }
    }

    [Test]
    public void Spot_hosts_drain_on_interruption_notices_and_on_demand_hosts_do_not_ask_to()
    {
        var onDemand = StackFiles.Settings("dev");
        var twoTypes = RawConfig.From("dev").With("instanceTypes", """["t3.small","t3a.small"]""").Load();
        var spot = RawConfig.From("dev").With("onDemandPercentageAboveBase", "0").Load();
        string[] Config(StackSettings settings) =>
            HereDocument(UserData.For(ClusterPlan.For(settings), ClusterName, FleetPlan.For(settings)), "/etc/ecs/ecs.config");

        Assert.That(Config(spot), Does.Contain("ECS_ENABLE_SPOT_INSTANCE_DRAINING=true"));
        Assert.That(Config(onDemand), Has.None.StartsWith("ECS_ENABLE_SPOT_INSTANCE_DRAINING"));
        Assert.That(Config(twoTypes), Has.None.StartsWith("ECS_ENABLE_SPOT_INSTANCE_DRAINING"), "several on-demand types are not Spot");
        Assert.That(Config(spot).Except(Config(onDemand)), Is.EqualTo(new[] { "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true" }), "nothing else changes");
    }
}
