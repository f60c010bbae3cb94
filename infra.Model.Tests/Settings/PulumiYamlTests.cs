namespace Infra.Model.Tests.Settings;

/// <summary>Pulumi.yaml declares the keys the model reads, with the same types and defaults: a rename cannot drift.</summary>
public class PulumiYamlTests
{
    private static readonly IReadOnlyDictionary<string, (string Type, string? Default, string? Description)> Declared =
        StackConfigFile.Declarations(StackFiles.ProjectYaml);

    [Test]
    public void Declares_exactly_the_environment_independent_keys_of_the_model()
    {
        var expected = ConfigKeys.All.Where(k => k.DeclaredInProject).Select(k => k.Name);

        Assert.That(Declared.Keys, Is.EquivalentTo(expected));
    }

    [TestCaseSource(nameof(DeclaredKeys))]
    public void Declared_type_and_default_match_the_model(ConfigKey key)
    {
        var declaration = Declared[key.Name];

        Assert.That(declaration.Type, Is.EqualTo(key.Type.ToString().ToLowerInvariant()));
        Assert.That(Normalise(declaration.Default), Is.EqualTo(Normalise(key.ProjectDefault)));
        Assert.That(declaration.Description, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void Environment_dependent_keys_are_set_in_every_committed_stack()
    {
        var perEnvironment = ConfigKeys.All.Where(k => k.EnvironmentDefault is not null).Select(k => ConfigKeys.Full(k.Name)).ToList();

        foreach (var stack in new[] { "dev", "prod" })
        {
            Assert.That(StackFiles.Raw(stack).Keys, Is.SupersetOf(perEnvironment), stack);
        }
    }

    private static IEnumerable<ConfigKey> DeclaredKeys() => ConfigKeys.All.Where(k => k.ProjectDefault is not null);

    private static string? Normalise(string? value) => value?.Replace(" ", string.Empty, StringComparison.Ordinal);
}
