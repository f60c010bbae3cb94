using Moq;
using Pulumi.Testing;

namespace Infra.Tests;

/// <summary>
/// Facts the settings are checked against (the region's AZs, the account the stack deploys into, the AZs that offer
/// the hosts' instance type) are asked for before anything exists; a configuration they rule out stops the program
/// with nothing registered. A strict engine mock proves the order.
/// </summary>
public class ValidationOrderTests
{
    private const string ZonesToken = "aws:index/getAvailabilityZones:getAvailabilityZones";
    private const string IdentityToken = "aws:index/getCallerIdentity:getCallerIdentity";
    private const string OfferingsToken = "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings";

    [Test]
    public async Task More_AZs_than_the_region_offers_stops_the_program_after_asking_only_for_the_zones_and_the_account()
    {
        var config = TestConfig.From("prod").With("availabilityZoneCount", (MockedAws.Zones.Length + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var (engine, exception) = await RunStrict(config);

        Assert.That(exception?.ToString(), Does.Contain($"ecs-refarch:availabilityZoneCount = '{MockedAws.Zones.Length + 1}'")
            .And.Contain($"the region offers {MockedAws.Zones.Length} AZs"));
        engine.Verify(m => m.CallAsync(It.Is<MockCallArgs>(a => a.Token == ZonesToken)), Times.Once);
        engine.Verify(m => m.CallAsync(It.Is<MockCallArgs>(a => a.Token == IdentityToken)), Times.Once);
        engine.Verify(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()), Times.Never);
    }

    [Test]
    public async Task A_certificate_of_another_account_stops_the_program_before_anything_is_registered()
    {
        const string Foreign = "arn:aws:acm:us-east-1:210987654321:certificate/00000000-0000-4000-8000-000000000000";
        var config = TestConfig.From("prod").With("certificateArn", Foreign);

        var (engine, exception) = await RunStrict(config);

        Assert.That(exception?.ToString(), Does.Contain($"ecs-refarch:certificateArn = '{Foreign}'")
            .And.Contain("a certificate of account 210987654321")
            .And.Contain($"arn:aws:acm:us-east-1:{MockedAws.AccountId}:certificate/"));
        engine.Verify(m => m.CallAsync(It.Is<MockCallArgs>(a => a.Token == IdentityToken)), Times.Once);
        engine.Verify(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()), Times.Never);
    }

    [Test]
    public async Task An_instance_type_missing_from_an_AZ_the_stack_needs_stops_the_program_before_anything_is_registered()
    {
        var config = TestConfig.From("prod").With("instanceType", MockedAws.ScarceInstanceType);

        var (engine, exception) = await RunStrict(config);

        Assert.That(exception?.ToString(), Does.Contain("ecs-refarch:availabilityZoneCount = '3'")
            .And.Contain($"only 2 AZ(s) of the region offer {MockedAws.ScarceInstanceType}"));
        engine.Verify(m => m.CallAsync(It.Is<MockCallArgs>(a => a.Token == OfferingsToken)), Times.Once);
        engine.Verify(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()), Times.Never);
    }

    /// <summary>Runs the program on an engine that answers only the invokes validation needs and fails on anything else.</summary>
    private static async Task<(Mock<IMocks> Engine, Exception? Exception)> RunStrict(TestConfig config)
    {
        var aws = new MockedAws();
        var engine = new Mock<IMocks>(MockBehavior.Strict);
        engine.Setup(m => m.CallAsync(It.Is<MockCallArgs>(a => a.Token == ZonesToken || a.Token == IdentityToken || a.Token == OfferingsToken)))
            .Returns((MockCallArgs args) => aws.CallAsync(args));

        var exception = await Assert.CatchAsync(async () => await Deployment.TestAsync(
            engine.Object,
            new TestOptions { IsPreview = false, ProjectName = ConfigKeys.Project, StackName = config.Stack },
            () => EcsStack.BuildAsync(config.Values, config.Stack)));
        return (engine, exception);
    }
}
