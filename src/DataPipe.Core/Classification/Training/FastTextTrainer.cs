using System.Diagnostics;
using System.Text;
using DataPipe.Core.Classification.FastText;

namespace DataPipe.Core.Classification.Training;

/// <summary>What one training run did, for the command's summary and the benchmarks.</summary>
public sealed record FastTextTrainingRun(
    int Documents, int Words, int Labels, long Tokens, double AverageLoss, TimeSpan Dictionary, TimeSpan Initialization, TimeSpan Training)
{
    /// <summary>fastText's <c>words/sec/thread</c>: tokens processed (every epoch) per second of training, with one
    /// SGD thread; tokenization counts as training (fastText tokenizes while it trains), the weight initialization
    /// does not (fastText's clock starts after it).</summary>
    public double WordsPerSecond => Tokens / Math.Max(1e-9, Training.TotalSeconds);
}

/// <summary>
/// fastText's supervised training: the dictionary as <c>readFromFile</c> builds it, then SGD with a learning rate
/// that decays linearly with the tokens processed, each step on the mean of the document's input rows.
/// Deterministic: one SGD thread walks the documents in file order (as a one-thread fastText run does), and the
/// initial weights come from <see cref="SeededRandom"/> in fixed blocks, so a seed and the data fix every byte.
/// </summary>
public static class FastTextTrainer
{
    private const int InitBlock = 1 << 20;

    public static (FastTextModelParts Model, FastTextTrainingRun Run) Train(LabelledCorpus corpus, FastTextTrainOptions options)
    {
        var clock = Stopwatch.StartNew();
        var args = Args(options);
        var dictionary = CountVocabulary(corpus, args, options);
        if (dictionary.LabelCount == 0) throw new InvalidDataException("no label survives min_count_label: nothing to train");
        var dictionaryTime = clock.Elapsed;

        clock.Restart();
        int dim = args.Dim;
        long inputRows = dictionary.WordCount + (long)args.Bucket;
        if (inputRows * dim > Array.MaxLength) throw new ArgumentException($"{inputRows} input rows × dim {dim} do not fit one array: lower bucket or dim");
        var input = new float[inputRows * dim];
        InitializeUniform(input, 1f / dim, options.Seed, options.Thread);
        // fastText's output layer starts at zero; hs uses labels - 1 rows but stores one per label.
        var output = new float[(long)dictionary.LabelCount * dim];
        var initTime = clock.Elapsed;

        clock.Restart();
        var tokenized = TokenizedCorpus.Build(corpus, dictionary, options.Thread);
        double loss = Sgd(tokenized, dictionary, args, options, input, output);
        var trainingTime = clock.Elapsed;

        var model = new FastTextModelParts(args, dictionary, new DenseMatrix(inputRows, dim, input), new DenseMatrix(dictionary.LabelCount, dim, output));
        return (model, new FastTextTrainingRun(corpus.Count, dictionary.WordCount, dictionary.LabelCount, dictionary.TokenCount * args.Epoch,
            loss, dictionaryTime, initTime, trainingTime));
    }

    /// <summary>The header the model stores; fastText sets bucket to 0 when neither word nor character n-grams are used.</summary>
    public static FastTextArgs Args(FastTextTrainOptions o) => new()
    {
        Dim = o.Dim,
        WindowSize = 5,
        Epoch = o.Epoch,
        MinCount = o.MinCount,
        Negatives = 5,
        WordNgrams = o.WordNgrams,
        Loss = o.Loss switch { "hs" => FastTextLoss.HierarchicalSoftmax, "ova" => FastTextLoss.OneVsAll, _ => FastTextLoss.Softmax },
        Model = FastTextModelKind.Supervised,
        Bucket = o.WordNgrams <= 1 && o.Maxn == 0 ? 0 : o.Bucket,
        MinN = o.Maxn == 0 ? 0 : o.Minn,
        MaxN = o.Maxn,
        LrUpdateRate = o.LrUpdateRate,
        SamplingThreshold = 1e-4,
    };

    private static FastTextDictionary CountVocabulary(LabelledCorpus corpus, FastTextArgs args, FastTextTrainOptions options)
    {
        var counter = new VocabularyCounter();
        byte[] label = new byte[256];
        for (int doc = 0; doc < corpus.Count; doc++)
        {
            // fastText's input line: the labels, the words, then the line end.
            foreach (string l in corpus.Labels(doc))
            {
                int n = Encoding.UTF8.GetByteCount(l);
                if (label.Length < n) label = new byte[n * 2];
                Encoding.UTF8.GetBytes(l, label);
                counter.Add(label.AsSpan(0, n), isLabel: true);
            }
            ReadOnlySpan<byte> text = corpus.Text(doc);
            int pos = 0;
            while (true)
            {
                while (pos < text.Length && FastTextTokenizer.IsSeparator(text[pos])) pos++;
                if (pos == text.Length) break;
                int start = pos;
                while (pos < text.Length && !FastTextTokenizer.IsSeparator(text[pos])) pos++;
                var word = text[start..pos];
                // A label token inside the text would be a label to fastText; prediction skips it, so training does too.
                if (!word.StartsWith("__label__"u8)) counter.Add(word, isLabel: false);
            }
            counter.Add("</s>"u8, isLabel: false);
        }
        return counter.ToDictionary(args, options.MinCount, options.MinCountLabel);
    }

    /// <summary>Uniform in ±a, as fastText initializes the input matrix; block b is seeded by (seed, b), so the
    /// blocks fill in parallel with the same result for any thread count.</summary>
    private static void InitializeUniform(float[] matrix, float a, int seed, int threads)
    {
        int blocks = (int)((matrix.LongLength + InitBlock - 1) / InitBlock);
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            var random = new SeededRandom(((ulong)(uint)seed << 32) ^ (ulong)b * 0x9E3779B97F4A7C15UL);
            var span = matrix.AsSpan(b * InitBlock, (int)Math.Min(InitBlock, matrix.LongLength - (long)b * InitBlock));
            for (int i = 0; i < span.Length; i++) span[i] = random.Uniform(a);
        });
    }

    /// <summary>fastText's <c>trainThread</c> for one thread: documents in order, wrapping around, until
    /// epoch × ntokens tokens have been seen; the learning rate is refreshed every <c>lrUpdateRate</c> tokens.</summary>
    private static double Sgd(TokenizedCorpus corpus, FastTextDictionary dictionary, FastTextArgs args, FastTextTrainOptions options, float[] input, float[] output)
    {
        int dim = args.Dim;
        var loss = TrainingLoss.Create(args.Loss, output, dim, dictionary);
        var random = new SeededRandom((ulong)(uint)options.Seed ^ 0xD1B54A32D192ED03UL);
        var hidden = new float[dim];
        var grad = new float[dim];
        long total = (long)args.Epoch * dictionary.TokenCount;
        long tokenCount = 0, local = 0, examples = 0;
        double lossSum = 0;
        for (int doc = 0; tokenCount < total; doc = doc + 1 == corpus.Count ? 0 : doc + 1)
        {
            float lr = (float)(options.Lr * (1.0 - (double)tokenCount / total));
            local += corpus.TokenCounts[doc];
            ReadOnlySpan<int> rows = corpus.InputRows(doc);
            ReadOnlySpan<int> labels = corpus.Labels(doc);
            if (rows.Length > 0 && labels.Length > 0)
            {
                Array.Clear(hidden);
                foreach (int row in rows) VectorMath.Add(hidden, input.AsSpan(row * dim, dim));
                VectorMath.Scale(hidden, 1f / rows.Length);
                Array.Clear(grad);
                int target = args.Loss == FastTextLoss.OneVsAll || labels.Length == 1 ? 0 : random.Below(labels.Length);
                lossSum += loss.Update(hidden, grad, labels, target, lr);
                examples++;
                VectorMath.Scale(grad, 1f / rows.Length);
                foreach (int row in rows) VectorMath.Add(input.AsSpan(row * dim, dim), grad);
            }
            if (local > args.LrUpdateRate)
            {
                tokenCount += local;
                local = 0;
            }
        }
        return examples == 0 ? 0 : lossSum / examples;
    }
}

/// <summary>A trained model before it is written: the header, the dictionary and the two dense matrices.</summary>
public sealed record FastTextModelParts(FastTextArgs Args, FastTextDictionary Dictionary, DenseMatrix Input, DenseMatrix Output)
{
    public void Save(string path) => FastTextWriter.Write(path, Args, Dictionary, Input, Output);
}
