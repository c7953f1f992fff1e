using System.Runtime.InteropServices;
using System.Text;
using DataPipe.Core.Dedup.Normalization;
using DataPipe.Core.Dedup.Spill;
using DataPipe.Core.Documents;
using DataPipe.Core.Reporting;
using DataPipe.Core.Stages;

namespace DataPipe.Core.Dedup.Fuzzy;

/// <summary>
/// Sign half of fuzzy dedup for one shard: shingles → MinHash → one (band key, position) per band into the band
/// key's partition; the signature and the bottom-k shingle sketch go to the shard's sketch store for verification.
/// All buffers are reused across documents.
/// Two kinds of document that normalized shingles cannot match also get band keys from their literal shingles
/// (salted, so they never share a bucket with a normalized key; a normal document's keys are unchanged, so indexes
/// of earlier builds still match): a document with fewer than n words after normalization is signed by its literal
/// text alone (an identical short pair or an ASCII-art fortune would otherwise never be compared), and a document
/// whose visible characters are mostly rewritten by normalization (code, tables, ASCII art: at least
/// <see cref="SymbolHeavyFraction"/>) gets literal band keys besides its normalized ones.
/// </summary>
internal sealed class FuzzySigner : IDocumentStep
{
    private readonly FuzzyOptions _options;
    private readonly MinHasher _hasher;
    private readonly int _partitions;
    private readonly PartitionedSpill<BandRecord> _spill;
    private readonly BlobWriter _ids;
    private readonly BlobWriter _previews;
    private readonly BlobWriter _sketches;
    private readonly Counters _counters;
    private ulong[] _shingles = new ulong[1024];
    private ulong[] _literalShingles = new ulong[1024];
    private uint[] _scratch = new uint[1024];
    private readonly uint[] _signature;
    private readonly uint[] _literalSignature;

    /// <summary>Share of visible characters normalization rewrites from which a document is also banded by its
    /// literal shingles (prose: about 0.05).</summary>
    public const double SymbolHeavyFraction = 0.2;

    /// <summary>Xored into band keys computed from literal shingles.</summary>
    private const ulong LiteralSalt = 0x6C69746572616C21UL;
    private byte[] _previewBytes = new byte[1024];

    public FuzzySigner(FuzzyOptions options, MinHasher hasher, int partitions, int shard, DedupPaths paths, Counters counters)
    {
        _options = options;
        _hasher = hasher;
        _partitions = partitions;
        _counters = counters;
        _signature = new uint[(hasher.Hashes + 7) / 8 * 8];
        _literalSignature = new uint[_signature.Length];
        _spill = new PartitionedSpill<BandRecord>(partitions, p => paths.SignFile(p, shard));
        _ids = new BlobWriter(paths.Ids(shard));
        _previews = new BlobWriter(paths.Previews(shard));
        _sketches = new BlobWriter(paths.Sketches(shard));
    }

    public StepResult Process(Document document, TextView text)
    {
        int count = ShingleHasher.Compute(document.Text, _options.NGram, ref _shingles);
        bool literalSketch = _options.Verify == VerifyMethod.Sketch && _options.VerifyText == VerifyText.Literal;
        bool symbolHeavy = count > 0 && ShingleHasher.RewrittenFraction(document.Text) >= SymbolHeavyFraction;
        int literal = literalSketch || symbolHeavy || count == 0
            ? ShingleHasher.ComputeLiteral(document.Text, _options.NGram, ref _literalShingles) : 0;
        if (count == 0 && literal == 0)
        {
            _counters.Add("too_short_to_sign");
            return StepResult.Keep(document);
        }
        var literalShingles = _literalShingles.AsSpan(0, literal);
        bool byLiteral = count == 0;
        var shingles = byLiteral ? literalShingles : _shingles.AsSpan(0, count);
        _hasher.Sign(shingles, _signature);
        // Sketch and id before the band keys: a band key must never name a document the verify step cannot read.
        if (literalSketch) WriteSketch(document.Position.Ordinal, literalShingles);
        else if (_options.Verify != VerifyMethod.None) WriteSketch(document.Position.Ordinal, shingles);
        _ids.Add(document.Position.Ordinal, document.Id);
        _previews.Add(document.Position.Ordinal, DocumentPreview.Encode(document, ref _previewBytes));
        ulong position = document.Position.Pack();
        AddBands(_signature, position, byLiteral ? LiteralSalt : 0);
        if (byLiteral) _counters.Add("signed_by_literal_text");
        else if (symbolHeavy)
        {
            _hasher.Sign(literalShingles, _literalSignature);
            AddBands(_literalSignature, position, LiteralSalt);
            _counters.Add("symbol_heavy_literal_bands");
        }
        _counters.Add("signed");
        return StepResult.Keep(document);
    }

    private void AddBands(uint[] signature, ulong position, ulong salt)
    {
        for (int band = 0; band < _hasher.Bands; band++)
        {
            ulong key = _hasher.BandKey(signature, band) ^ salt;
            _spill.Add(DedupPartitioning.Of(key, _partitions), new BandRecord(key, position));
        }
    }

    /// <summary>Blob layout: the signature's hashes, then the sorted sketch.</summary>
    private void WriteSketch(long ordinal, ReadOnlySpan<ulong> shingles)
    {
        int hashes = _hasher.Hashes;
        if (_scratch.Length < shingles.Length + hashes) _scratch = new uint[Math.Max(_scratch.Length * 2, shingles.Length + hashes)];
        int n = ShingleSketch.Build(shingles, _scratch.AsSpan(hashes), _options.SketchSize);
        _signature.AsSpan(0, hashes).CopyTo(_scratch);
        _sketches.Add(ordinal, MemoryMarshal.AsBytes(_scratch.AsSpan(0, hashes + n)));
    }


    public void Complete()
    {
        _spill.Commit();
        _ids.Commit();
        _previews.Commit();
        _sketches.Commit();
    }

    public void Dispose()
    {
        _spill.Dispose();
        _ids.Dispose();
        _previews.Dispose();
        _sketches.Dispose();
    }
}
