using Infra.Model.Settings;

namespace Infra.Model.LoadBalancing;

/// <summary>What a listener does with a request no listener rule matched.</summary>
public abstract record ListenerDefaultAction;

/// <summary>Answer directly, without a target group (AWS: <c>fixed-response</c>; the status code is a string).</summary>
public sealed record FixedResponseAction(string StatusCode, string ContentType, string MessageBody) : ListenerDefaultAction;

/// <summary>Send the client elsewhere (AWS: <c>redirect</c>); host, path and query stay as requested.</summary>
public sealed record RedirectAction(string Protocol, string Port, string StatusCode) : ListenerDefaultAction;

/// <summary>
/// One ALB listener. <see cref="ServesRoutes"/> marks the listener the services' rules are attached to; exactly
/// one listener of a plan serves them.
/// </summary>
public sealed record ListenerSpec(
    string Key,
    int Port,
    string Protocol,
    string? CertificateArn,
    string? SslPolicy,
    ListenerDefaultAction DefaultAction,
    bool ServesRoutes);

/// <summary>
/// The listeners of the load balancer. Without HTTPS (dev) one HTTP listener serves the routes. With HTTPS (prod)
/// HTTP only redirects (301, so clients and caches learn the HTTPS URL) and the HTTPS listener serves the routes
/// with the configured certificate and TLS policy. Either way a request no rule matches gets a plain 404 rather
/// than landing on some service: the reference forwarded it to an empty default target group (a 503).
/// </summary>
public sealed record ListenerPlan(IReadOnlyList<ListenerSpec> Listeners)
{
    public const int HttpPort = 80;
    public const int HttpsPort = 443;

    public static readonly FixedResponseAction NotFound = new("404", "text/plain", "Not Found");

    public static readonly RedirectAction ToHttps = new("HTTPS", "443", "HTTP_301");

    /// <summary>
    /// Stands for the certificate the stack requests for its domain and validates in its hosted zone: the listener
    /// gets the validated certificate's ARN, known only once ACM has issued it.
    /// </summary>
    public const string RequestedCertificate = "(requested for domainName, DNS-validated)";

    /// <summary>The listener the services' rules go on.</summary>
    public ListenerSpec Serving => Listeners.Single(l => l.ServesRoutes);

    /// <summary>The scheme clients use to reach the services: that of the serving listener.</summary>
    public string Scheme => Serving.Protocol == "HTTPS" ? "https" : "http";

    public static ListenerPlan For(LoadBalancerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.HttpsEnabled)
        {
            return new([new ListenerSpec("http", HttpPort, "HTTP", null, null, NotFound, ServesRoutes: true)]);
        }

        // Settings validation rejects HTTPS without a certificate or a zone to validate one in; this guards plans
        // built from hand-made settings. A requested certificate's ARN is known after validation: a marker stands in.
        var certificate = settings.CertificateArn
            ?? (settings.Domain?.RequestsCertificate(settings) == true ? RequestedCertificate : null)
            ?? throw new ArgumentException("HTTPS is enabled but the settings carry no certificate ARN", nameof(settings));
        return new(
        [
            new ListenerSpec("http", HttpPort, "HTTP", null, null, ToHttps, ServesRoutes: false),
            new ListenerSpec("https", HttpsPort, "HTTPS", certificate, settings.SslPolicy, NotFound, ServesRoutes: true),
        ]);
    }
}
