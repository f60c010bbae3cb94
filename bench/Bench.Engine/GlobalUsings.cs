// MockedAws.cs (linked from the test harness) relies on this global using of the test project.
global using System.Collections.Immutable;
