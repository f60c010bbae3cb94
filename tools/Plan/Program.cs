using Infra.Tools.Plan;

return await PlanCommand.RunAsync(args, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected);
