global using System.Collections.Immutable;
global using NUnit.Framework;
