using System.CommandLine;
using System.Runtime.InteropServices;
using DataPipe.Cli.Serving;
using DataPipe.Training.Data;
using DataPipe.Training.Inference;
using Microsoft.Extensions.Hosting;

namespace DataPipe.Cli.Commands.Training;

/// <summary><c>datapipe serve --model RUN [--host 127.0.0.1] [--port N]</c>: a trained model behind OpenAI-compatible endpoints.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The --out folder of a `datapipe train` run (its newest checkpoint is served)", Required = true };
        var host = new Option<string>("--host") { Description = "Address to listen on (default 127.0.0.1: this machine only)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (default 8000)", DefaultValueFactory = _ => 8000 };
        var name = new Option<string?>("--name") { Description = "Model id the API reports (default: the run folder's name)" };
        var device = new Option<string?>("--device") { Description = "cpu or cuda (default: CUDA when available)" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var command = new Command("serve", "Serve a trained model over HTTP: /v1/models, /v1/completions, /v1/chat/completions (OpenAI-compatible)")
        {
            model, host, port, name, device,
        };
        command.SetAction(result =>
        {
            string run = result.GetValue(model)!;
            int listenPort = result.GetValue(port);
            if (listenPort is < 0 or > 65535)
            {
                Console.Error.WriteLine($"error: --port must be between 0 and 65535, got {listenPort}");
                return ExitCodes.ConfigError;
            }
            GptSampler sampler;
            try
            {
                sampler = GptSampler.Load(run, result.GetValue(device));
            }
            catch (TrainingDataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ConfigError;
            }
            using (sampler)
            {
                string modelName = result.GetValue(name) ?? Path.GetFileName(Path.GetFullPath(run).TrimEnd('/'));
                var app = new ModelServer(sampler, modelName).Build(result.GetValue(host)!, listenPort);
                using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; app.Lifetime.StopApplication(); });
                try
                {
                    app.Start();
                }
                catch (IOException e)
                {
                    Console.Error.WriteLine($"error: cannot listen on {result.GetValue(host)}:{listenPort}: {e.Message}");
                    return ExitCodes.Failed;
                }
                // The first line names the address actually bound (port 0 picks a free one), for scripts and tests.
                Console.WriteLine($"serving {modelName} ({sampler.Checkpoint}) on {string.Join(", ", app.Urls)}");
                app.WaitForShutdown();
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
