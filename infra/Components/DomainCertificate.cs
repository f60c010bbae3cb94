using Infra.Model.Settings;
using Pulumi;
using Aws = Pulumi.Aws;

namespace Infra.Components;

/// <param name="Domain">The domain to certify; its hosted zone receives the validation record.</param>
public sealed record DomainCertificateArgs(DomainSettings Domain);

/// <summary>
/// An ACM certificate for the stack's domain, validated by DNS in its Route 53 zone. <see cref="CertificateArn"/>
/// comes from the validation resource, so the HTTPS listener that uses it waits until ACM has issued the
/// certificate (ACM: "DNS validation"; the CNAME stays in the zone so ACM can renew the certificate).
/// </summary>
public sealed class DomainCertificate : ComponentResource
{
    public DomainCertificate(string name, DomainCertificateArgs args, ComponentResourceOptions? options = null)
        : base("ecs-refarch:edge:DomainCertificate", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var domain = args.Domain;
        var zoneId = domain.HostedZoneId
            ?? throw new ArgumentException("a requested certificate is validated in the domain's hosted zone, and none is set", nameof(args));

        var certificate = new Aws.Acm.Certificate($"{name}-cert", new Aws.Acm.CertificateArgs
        {
            DomainName = domain.Name,
            ValidationMethod = "DNS",
        }, new CustomResourceOptions { Parent = this });

        // One name, so one validation option: ACM names the CNAME record to write (DNS validation is always a CNAME).
        var option = certificate.DomainValidationOptions.Apply(validationOptions => validationOptions.Single(o => o.DomainName == domain.Name));
        var record = new Aws.Route53.Record($"{name}-validation", new Aws.Route53.RecordArgs
        {
            ZoneId = zoneId,
            Name = option.Apply(o => o.ResourceRecordName ?? string.Empty),
            Type = "CNAME",
            Records = { option.Apply(o => o.ResourceRecordValue ?? string.Empty) },
            Ttl = 300,

            // A certificate requested again for the same name gets the same CNAME: take it over rather than fail.
            AllowOverwrite = true,
        }, new CustomResourceOptions { Parent = this });

        var validation = new Aws.Acm.CertificateValidation($"{name}-validated", new Aws.Acm.CertificateValidationArgs
        {
            CertificateArn = certificate.Arn,
            ValidationRecordFqdns = { record.Fqdn },
        }, new CustomResourceOptions { Parent = this });

        CertificateArn = validation.CertificateArn;
        RegisterOutputs();
    }

    /// <summary>The certificate's ARN once ACM has validated it.</summary>
    [Output("certificateArn")]
    public Output<string> CertificateArn { get; private set; }
}
