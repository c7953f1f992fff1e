namespace DataPipe.Core.Classification.FastText;

/// <summary>
/// A fastText supervised model (<c>.bin</c>, or <c>.ftz</c> with product-quantized matrices), loaded read-only so
/// one instance serves every thread; each thread predicts through its own <see cref="FastTextPredictor"/>.
/// File layout (fastText's <c>saveModel</c>): magic and version, the training arguments, the dictionary, a
/// quantized flag and the input matrix, a quantized-output flag and the output matrix.
/// </summary>
public sealed class FastTextModel
{
    public const int Magic = 793712314;
    public const int Version = 12;

    private FastTextModel(string path, FastTextArgs args, FastTextDictionary dictionary, IFastTextMatrix input, IFastTextMatrix output)
    {
        Path = path;
        Args = args;
        Dictionary = dictionary;
        Input = input;
        Output = output;
        OutputLayer = OutputLayer.Create(args.Loss, output, dictionary);
    }

    public string Path { get; }
    public FastTextArgs Args { get; }
    public FastTextDictionary Dictionary { get; }
    public IFastTextMatrix Input { get; }
    public IFastTextMatrix Output { get; }
    internal OutputLayer OutputLayer { get; }

    public bool Quantized => Input is QuantizedMatrix;
    public int LabelCount => Dictionary.LabelCount;

    /// <summary>The label's full name, e.g. <c>__label__en</c>.</summary>
    public string LabelName(int label) => Dictionary.LabelName(label);

    /// <summary>The label without fastText's <c>__label__</c> prefix, e.g. <c>en</c>.</summary>
    public string ShortLabelName(int label)
    {
        string name = Dictionary.LabelName(label);
        return name.StartsWith(FastTextDictionary.LabelPrefix, StringComparison.Ordinal) ? name[FastTextDictionary.LabelPrefix.Length..] : name;
    }

    public FastTextPredictor CreatePredictor() => new(this);

    /// <summary>A predictor whose out-of-vocabulary word cache holds <paramref name="cachedWords"/> words (tests force resets with a small one).</summary>
    internal FastTextPredictor CreatePredictor(int cachedWords) => new(this, cachedWords);

    /// <exception cref="InvalidDataException">The file is not a supervised fastText model this engine can read (one-line message).</exception>
    public static FastTextModel Load(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 16);
        var reader = new FastTextReader(stream, path);
        if (reader.Int32() != Magic) throw reader.Invalid("wrong magic number (not a fastText .bin/.ftz file)");
        int version = reader.Int32();
        if (version > Version || version < 11) throw reader.Invalid($"file format version {version} (this engine reads 11 and 12)");
        var args = ReadArgs(reader);
        // fastText: supervised models of format 11 were trained without character n-grams.
        if (version == 11 && args.Model == FastTextModelKind.Supervised) args = args with { MaxN = 0 };
        if (args.Model != FastTextModelKind.Supervised) throw reader.Invalid($"a {args.Model} model (word vectors) cannot classify; a supervised model is needed");
        var dictionary = FastTextDictionary.Read(reader, args);
        bool quantizedInput = reader.Bool();
        IFastTextMatrix input = quantizedInput ? QuantizedMatrix.Read(reader) : DenseMatrix.Read(reader);
        if (!quantizedInput && dictionary.PruneSize >= 0) throw reader.Invalid("a pruned dictionary with a dense input matrix (an outdated .ftz)");
        bool quantizedOutput = reader.Bool();
        IFastTextMatrix output = quantizedInput && quantizedOutput ? QuantizedMatrix.Read(reader) : DenseMatrix.Read(reader);
        if (input.Columns != args.Dim || output.Columns != args.Dim)
            throw reader.Invalid($"matrix widths {input.Columns} and {output.Columns} do not match dim {args.Dim}");
        long minInputRows = dictionary.WordCount + (dictionary.PruneSize >= 0 ? dictionary.PruneSize : args.Bucket);
        if (input.Rows < minInputRows) throw reader.Invalid($"input matrix has {input.Rows} rows, the dictionary needs {minInputRows}");
        if (args.Loss != FastTextLoss.HierarchicalSoftmax && output.Rows != dictionary.LabelCount)
            throw reader.Invalid($"output matrix has {output.Rows} rows for {dictionary.LabelCount} labels");
        return new FastTextModel(path, args, dictionary, input, output);
    }

    private static FastTextArgs ReadArgs(FastTextReader reader)
    {
        var args = new FastTextArgs
        {
            Dim = reader.Int32(),
            WindowSize = reader.Int32(),
            Epoch = reader.Int32(),
            MinCount = reader.Int32(),
            Negatives = reader.Int32(),
            WordNgrams = reader.Int32(),
            Loss = (FastTextLoss)reader.Int32(),
            Model = (FastTextModelKind)reader.Int32(),
            Bucket = reader.Int32(),
            MinN = reader.Int32(),
            MaxN = reader.Int32(),
            LrUpdateRate = reader.Int32(),
            SamplingThreshold = reader.Double(),
        };
        if (args.Dim <= 0 || args.Dim > 1 << 16) throw reader.Invalid($"dim {args.Dim}");
        if (args.Bucket < 0) throw reader.Invalid($"bucket {args.Bucket}");
        if (!Enum.IsDefined(args.Loss)) throw reader.Invalid($"unknown loss {(int)args.Loss}");
        if (!Enum.IsDefined(args.Model)) throw reader.Invalid($"unknown model kind {(int)args.Model}");
        return args;
    }
}
