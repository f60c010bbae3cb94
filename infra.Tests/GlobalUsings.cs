global using System.Collections.Immutable;
global using Infra.Model.Settings;
global using Infra.Tests.Harness;
global using NUnit.Framework;
global using Pulumi;
