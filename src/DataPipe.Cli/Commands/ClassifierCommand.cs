using System.CommandLine;
using System.Globalization;
using DataPipe.Cli.Parsing;
using DataPipe.Core.Classification.Training;
using DataPipe.Core.Config;
using DataPipe.Core.Config.Binding;

namespace DataPipe.Cli.Commands;

/// <summary><c>datapipe classifier train --input labelled.jsonl --out model.bin</c>: fastText supervised training
/// (docs/quality.md); one flag per <see cref="FastTextTrainOptions"/> setting (<c>word_ngrams</c> ↔ <c>--word-ngrams</c>).</summary>
public static class ClassifierCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "Labelled JSONL (one document per line)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "The fastText .bin to write", Required = true };
        var flags = new OptionFlags<FastTextTrainOptions>("--");
        var train = new Command("train", "Train a fastText classifier (supervised) and write a .bin the fastText CLI reads") { input, output };
        flags.AddTo(train);
        train.SetAction(result =>
        {
            FastTextTrainOptions options;
            LabelledCorpus corpus;
            try
            {
                options = flags.Read(result).ApplyTo(new FastTextTrainOptions());
                OptionBinder.Check(options, "command line");
                corpus = LabelledCorpus.ReadJsonl(Path.GetFullPath(result.GetValue(input)!), options.TextField, options.LabelField);
            }
            catch (Exception e) when (e is ConfigException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.ConfigError;
            }
            var (model, run) = FastTextTrainer.Train(corpus, options);
            string outPath = Path.GetFullPath(result.GetValue(output)!);
            if (Path.GetDirectoryName(outPath) is { } dir) Directory.CreateDirectory(dir);
            model.Save(outPath);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trained on {run.Documents} documents: {run.Words} words, {run.Labels} labels, {run.Tokens} tokens over {options.Epoch} epochs; " +
                $"avg loss {run.AverageLoss:F4}; dictionary {run.Dictionary.TotalSeconds:F2} s, weights {run.Initialization.TotalSeconds:F2} s, training {run.Training.TotalSeconds:F2} s, " +
                $"{run.WordsPerSecond:F0} words/sec/thread"));
            Console.WriteLine($"wrote {outPath}");
            return ExitCodes.Success;
        });
        return new Command("classifier", "fastText text classifiers") { train };
    }
}
