using YamlDotNet.RepresentationModel;

namespace Infra.Tools.Conventions.Tests.Workflows;

/// <summary>
/// CI's deploys must fail when a service never reaches steady state: every <c>pulumi up</c> step sets
/// <c>ecs-refarch:waitForSteadyState</c> through the action's <c>config-map</c> input (YAML of key → {value, secret}).
/// </summary>
public class DeployWaitTests
{
    [Test]
    public void Every_pulumi_up_in_the_workflows_waits_for_steady_state()
    {
        var ups = WorkflowStep.All().Where(s => s.UsesAction("pulumi/actions") && s.With.GetValueOrDefault("command") is "up" or "update").ToList();

        Assert.That(ups, Is.Not.Empty);
        foreach (var up in ups)
        {
            Assert.That(up.With.TryGetValue("config-map", out var configMap), Is.True, $"{up.File} job {up.Job}: no config-map");
            var stream = new YamlStream();
            stream.Load(new StringReader(configMap!));
            var entry = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)[new YamlScalarNode("ecs-refarch:waitForSteadyState")];

            Assert.That(((YamlScalarNode)entry[new YamlScalarNode("value")]).Value, Is.EqualTo("true"), $"{up.File} job {up.Job}");
        }
    }
}
