using Vigil.Node.Cli;

return await VigilCli.RunAsync(args);
