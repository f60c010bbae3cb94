using Moq;
using Pulumi.Testing;

namespace Infra.Tests;

/// <summary>
/// Facts the settings are checked against (the region's AZs) are asked for before anything exists; a configuration
/// they rule out stops the program with nothing registered. A strict engine mock proves the order.
/// </summary>
public class ValidationOrderTests
{
    private const string ZonesToken = "aws:index/getAvailabilityZones:getAvailabilityZones";

    [Test]
    public async Task More_AZs_than_the_region_offers_stops_the_program_after_asking_only_for_the_zones()
    {
        var aws = new MockedAws();
        var engine = new Mock<IMocks>(MockBehavior.Strict);
        engine.Setup(m => m.CallAsync(It.Is<MockCallArgs>(a => a.Token == ZonesToken)))
            .Returns((MockCallArgs args) => aws.CallAsync(args));
        var config = TestConfig.From("prod").With("availabilityZoneCount", (MockedAws.Zones.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var exception = await Assert.CatchAsync(async () => await Deployment.TestAsync(
            engine.Object,
            new TestOptions { IsPreview = false, ProjectName = ConfigKeys.Project, StackName = config.Stack },
            () => EcsStack.BuildAsync(config.Values, config.Stack)));

        Assert.That(exception?.ToString(), Does.Contain($"ecs-refarch:availabilityZoneCount = '{MockedAws.Zones.Length + 1}'")
            .And.Contain($"the region offers {MockedAws.Zones.Length} AZs"));
        engine.Verify(m => m.CallAsync(It.Is<MockCallArgs>(a => a.Token == ZonesToken)), Times.Once);
        engine.Verify(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()), Times.Never);
    }
}
