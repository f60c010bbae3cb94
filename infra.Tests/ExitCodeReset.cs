namespace Infra.Tests;

/// <summary>
/// Pulumi's runner sets the process exit code when a program fails, and some tests make it fail on purpose
/// (invalid configuration, a refused route, a region without enough AZs): the test host must not end with that code.
/// </summary>
[SetUpFixture]
public sealed class ExitCodeReset
{
    [OneTimeTearDown]
    public void Reset() => Environment.ExitCode = 0;
}
