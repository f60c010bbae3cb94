namespace Infra.Model.Settings;

/// <summary>How a service URL is written into a container's environment variable.</summary>
public enum ServiceUrlForm
{
    /// <summary>
    /// Host, optional port and path, without a scheme (<c>host[:port]/path</c>): the reference images' contract. The
    /// website image calls <c>http.Get("http://" + os.Getenv("PRODUCT_SERVICE_URL"))</c>, so a scheme would double.
    /// </summary>
    HostPath,

    /// <summary>A full URL with its scheme (<c>http://host[:port]/path</c>), for images that take one.</summary>
    Url,
}

/// <summary>One <c>serviceUrlEnvironment</c> entry: the service whose URL the variable carries, and in which form.</summary>
public sealed record ServiceUrlReference(string Service, ServiceUrlForm Form)
{
    public const string HostPathName = "hostPath";
    public const string UrlName = "url";

    public static readonly IReadOnlyDictionary<string, ServiceUrlForm> Forms = new Dictionary<string, ServiceUrlForm>(StringComparer.Ordinal)
    {
        [HostPathName] = ServiceUrlForm.HostPath,
        [UrlName] = ServiceUrlForm.Url,
    };
}
