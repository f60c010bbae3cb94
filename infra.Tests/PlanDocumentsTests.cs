using Infra.Model.Policy;

namespace Infra.Tests;

/// <summary>
/// The policy gate over Pulumi's own documents, fed the program's record under the mocked engine: the run is
/// written as <c>pulumi preview --json --show-sames</c> output and as a <c>pulumi stack export</c>, both are read back
/// as <c>plan check</c> reads them, and the checks find exactly what they find on the record itself.
/// </summary>
public class PlanDocumentsTests
{
    [TestCase("dev")]
    [TestCase("prod")]
    public async Task The_run_as_preview_and_as_state_export_passes_as_the_record_does(string stack)
    {
        var (record, preview, state, context) = await DescribeAsync(TestConfig.From(stack));

        Assert.Multiple(() =>
        {
            Assert.That(preview.Resources.Select(r => (r.Type, r.Name)), Is.EquivalentTo(record.Select(r => (r.Type, r.Name))));
            Assert.That(state.Resources.Select(r => (r.Type, r.Name)), Is.EquivalentTo(record.Select(r => (r.Type, r.Name))));
            Assert.That(preview.PassedOver, Is.Empty);
            Assert.That(PolicyEngine.Evaluate(record, context), Is.Empty);
        });
        foreach (var document in new[] { preview, state })
        {
            var verdicts = PolicyEvaluation.Evaluate(document.Resources, context);
            Assert.That(verdicts.Violations, Is.Empty, $"{document.Source}: {string.Join(Environment.NewLine, verdicts.Violations)}");
            Assert.That(verdicts.Unknowns, Is.Empty, $"{document.Source}: {string.Join(Environment.NewLine, verdicts.Unknowns)}");
        }
    }

    [Test]
    public async Task A_weakened_prod_fails_the_same_checks_from_the_record_the_preview_and_the_state()
    {
        var config = TestConfig.WeakenedProd();

        var (record, preview, state, context) = await DescribeAsync(config);
        var expected = PolicyEngine.Evaluate(record, context);
        var fromPreview = PolicyEvaluation.Evaluate(preview.Resources, context);
        var fromState = PolicyEvaluation.Evaluate(state.Resources, context);

        Assert.Multiple(() =>
        {
            Assert.That(expected.Select(v => v.Id).Distinct(), Is.EquivalentTo(new[] { "L1", "L2", "L5", "L6", "G1" }));
            Assert.That(fromPreview.Violations, Is.EquivalentTo(expected));
            Assert.That(fromState.Violations, Is.EquivalentTo(expected));
            Assert.That(fromPreview.Unknowns, Is.Empty);
        });
    }

    /// <summary>Runs the program, writes its record in both formats (kept as test attachments) and reads them back.</summary>
    private static async Task<(IReadOnlyList<PlannedResource> Record, PlanDocument Preview, PlanDocument State, PolicyContext Context)> DescribeAsync(TestConfig config)
    {
        var run = await StackRun.SharedAsync(config);
        var record = run.Planned();
        var context = PolicyContext.For(SettingsLoader.Load(config.Values, config.Stack, MockedAws.Zones));

        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "plan-documents");
        Directory.CreateDirectory(directory);
        var previewFile = Path.Combine(directory, $"{config.Stack}.preview.json");
        var stateFile = Path.Combine(directory, $"{config.Stack}.state.json");
        await File.WriteAllTextAsync(previewFile, PulumiPlanWriter.Preview(record, ConfigKeys.Project, config.Stack));
        await File.WriteAllTextAsync(stateFile, PulumiPlanWriter.StateExport(record, ConfigKeys.Project, config.Stack));
        TestContext.AddTestAttachment(previewFile);
        TestContext.AddTestAttachment(stateFile);

        var preview = PulumiPlanFiles.ReadPreview(await File.ReadAllTextAsync(previewFile));
        var state = PulumiPlanFiles.ReadStateExport(await File.ReadAllTextAsync(stateFile));
        return (record, preview, state, context);
    }
}
