namespace Infra.Tests;

/// <summary>
/// Tests read one run per distinct configuration (<see cref="StackRun.SharedAsync(string, Action{TestConfig})"/>):
/// the same configuration, however it was built, is the same run; any changed value is a run of its own.
/// </summary>
public class SharedRunTests
{
    [Test]
    public async Task Equal_configurations_share_one_run_and_a_changed_value_gets_its_own()
    {
        var dev = await StackRun.SharedAsync("dev");
        var sameConfiguration = await StackRun.SharedAsync(TestConfig.From("dev"));
        var changed = await StackRun.SharedAsync("dev", c => c.With("rootVolumeSizeGiB", "80"));
        var prod = await StackRun.SharedAsync("prod");

        Assert.Multiple(() =>
        {
            Assert.That(sameConfiguration, Is.SameAs(dev));
            Assert.That(changed, Is.Not.SameAs(dev));
            Assert.That(prod, Is.Not.SameAs(dev));
        });
    }

    [Test]
    public async Task A_configuration_changed_after_it_was_handed_over_does_not_change_the_shared_run()
    {
        var config = TestConfig.From("dev");
        var run = StackRun.SharedAsync(config);
        config.With("rootVolumeSizeGiB", "80");

        Assert.That(await run, Is.SameAs(await StackRun.SharedAsync("dev")));
    }
}
