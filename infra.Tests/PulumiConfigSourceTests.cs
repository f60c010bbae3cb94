namespace Infra.Tests;

/// <summary>The program reads the whole configuration the way Pulumi's language host passes it.</summary>
public class PulumiConfigSourceTests
{
    [Test]
    public void Reads_every_key_with_structured_values_as_json_text()
    {
        var raw = PulumiConfigSource.Parse("""
            {"aws:region":"us-east-1","ecs-refarch:minSize":"2","ecs-refarch:services":"[{\"name\":\"a\"}]"}
            """);

        Assert.That(raw, Does.ContainKey("aws:region").WithValue("us-east-1")
            .And.ContainKey("ecs-refarch:minSize").WithValue("2")
            .And.ContainKey("ecs-refarch:services").WithValue("""[{"name":"a"}]"""));
    }

    [Test]
    public void No_configuration_is_an_empty_map_that_validation_then_rejects()
    {
        var raw = PulumiConfigSource.Parse(null);

        var errors = SettingsLoader.TryLoad(raw, "dev").Errors.Select(e => e.Key);

        Assert.That(errors, Does.Contain("ecs-refarch:environment").And.Contain("aws:region"));
    }
}
