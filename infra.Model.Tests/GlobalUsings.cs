global using Infra.Model.Settings;
global using NUnit.Framework;
