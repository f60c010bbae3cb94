using Infra.Model.LoadBalancing;
using Infra.Model.Tests.Settings;

namespace Infra.Model.Tests.LoadBalancing;

public class ListenerPlanTests
{
    private const string ProdCertificate = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000";

    [Test]
    public void Dev_serves_the_routes_on_one_plain_HTTP_listener_with_a_fixed_404_default()
    {
        var plan = ListenerPlan.For(StackFiles.Settings("dev").LoadBalancer);

        var listener = plan.Listeners.Single();
        Assert.That((listener.Port, listener.Protocol), Is.EqualTo((80, "HTTP")));
        Assert.That(listener.CertificateArn, Is.Null);
        Assert.That(listener.SslPolicy, Is.Null);
        Assert.That(listener.DefaultAction, Is.EqualTo(new FixedResponseAction("404", "text/plain", "Not Found")));
        Assert.That(plan.Serving, Is.SameAs(listener));
        Assert.That(plan.Scheme, Is.EqualTo("http"));
    }

    [Test]
    public void L1_prod_HTTP_listener_only_redirects_to_HTTPS_443_permanently()
    {
        var plan = ListenerPlan.For(StackFiles.Settings("prod").LoadBalancer);

        var http = plan.Listeners.Single(l => l.Port == 80);
        Assert.That(http.Protocol, Is.EqualTo("HTTP"));
        Assert.That(http.DefaultAction, Is.EqualTo(new RedirectAction("HTTPS", "443", "HTTP_301")));
        Assert.That(http.ServesRoutes, Is.False, "no rule may answer over plain HTTP");
        Assert.That(http.CertificateArn, Is.Null);
    }

    [Test]
    public void L2_prod_HTTPS_listener_has_the_certificate_and_the_TLS_13_policy_and_serves_the_routes()
    {
        var plan = ListenerPlan.For(StackFiles.Settings("prod").LoadBalancer);

        var https = plan.Listeners.Single(l => l.Port == 443);
        Assert.That(https.Protocol, Is.EqualTo("HTTPS"));
        Assert.That(https.CertificateArn, Is.EqualTo(ProdCertificate));
        Assert.That(https.SslPolicy, Is.EqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06"));
        Assert.That(https.DefaultAction, Is.EqualTo(new FixedResponseAction("404", "text/plain", "Not Found")));
        Assert.That(plan.Serving, Is.SameAs(https));
        Assert.That(plan.Scheme, Is.EqualTo("https"));
        Assert.That(plan.Listeners.Select(l => l.Key), Is.Unique);
    }

    [Test]
    public void A_configured_TLS_policy_replaces_the_default()
    {
        var settings = RawConfig.From("prod").With("sslPolicy", "ELBSecurityPolicy-TLS13-1-3-2021-06").Load();

        var plan = ListenerPlan.For(settings.LoadBalancer);

        Assert.That(plan.Serving.SslPolicy, Is.EqualTo("ELBSecurityPolicy-TLS13-1-3-2021-06"));
    }

    [Test]
    public void HTTPS_follows_the_setting_not_the_environment()
    {
        // Without the website's URL of the product service, which validation refuses through an HTTPS load balancer.
        var devWithHttps = RawConfig.From("dev").With("httpsEnabled", "true").With("certificateArn", ProdCertificate)
            .WithServiceField(1, "serviceUrlEnvironment", null).Load();
        var prodWithoutHttps = RawConfig.From("prod").With("httpsEnabled", "false").Without("certificateArn").Load();

        Assert.That(ListenerPlan.For(devWithHttps.LoadBalancer).Serving.Port, Is.EqualTo(443));
        Assert.That(ListenerPlan.For(prodWithoutHttps.LoadBalancer).Listeners.Select(l => l.Port), Is.EqualTo(new[] { 80 }));
    }

    [Test]
    public void HTTPS_without_a_certificate_is_refused_even_from_hand_made_settings()
    {
        var settings = StackFiles.Settings("prod").LoadBalancer with { CertificateArn = null };

        Assert.That(
            () => ListenerPlan.For(settings),
            Throws.ArgumentException.With.Message.Contains("certificate"));
    }
}
