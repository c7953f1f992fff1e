namespace DataPipe.Core.Tests.SampleData;

/// <summary>
/// Checks the generated sample corpus against its own labels: the truth the dedup, quality and PII
/// stages are measured on must itself be right.
/// </summary>
public sealed class SampleCorpusTests(SampleCorpus corpus) : IClassFixture<SampleCorpus>
{
    [Fact]
    public void Has_a_dozen_shards_listed_in_the_paths_file_within_the_size_bounds()
    {
        Assert.Equal(12, corpus.ShardFiles.Count);
        Assert.Equal(corpus.ShardFiles, corpus.PathsFileEntries);
        Assert.InRange(corpus.CompressedBytes, 20_000_000L, 50_000_000L);
    }

    [Fact]
    public void Every_shard_starts_with_warcinfo_and_every_block_digest_matches()
    {
        Assert.All(corpus.FirstRecordTypes, type => Assert.Equal("warcinfo", type));
        Assert.Empty(corpus.DigestMismatches);
    }

    [Fact]
    public void Every_label_names_a_record_in_its_shard_and_every_record_has_one_label()
    {
        Assert.Equal(corpus.Records.Count, corpus.Labels.Count);
        Assert.Equal(corpus.Labels.Count, corpus.Labels.Select(l => l.Id).Distinct().Count());
        foreach (SampleLabel label in corpus.Labels)
        {
            Assert.True(corpus.Records.TryGetValue(label.Id, out var record), $"label {label.Id} has no record");
            Assert.Equal(label.Shard, record!.Shard);
            Assert.Equal(label.Ordinal, record.Ordinal);
            Assert.Equal(label.Url, record.Url);
        }
    }

    [Fact]
    public void Every_pii_span_and_negative_is_the_text_at_its_offsets()
    {
        int spans = 0;
        foreach (SampleLabel label in corpus.Labels)
        {
            string text = corpus.Records[label.Id].Text;
            foreach (PiiSpan span in label.Pii.Concat(label.PiiNegatives))
            {
                Assert.InRange(span.Start, 0, span.End);
                Assert.InRange(span.End, span.Start, text.Length);
                Assert.Equal(span.Text, text[span.Start..span.End]);
                spans++;
            }
        }
        Assert.True(spans > 1000, $"only {spans} planted spans");
    }

    [Fact]
    public void Card_numbers_pass_luhn_and_order_numbers_fail_it()
    {
        var cards = corpus.Labels.SelectMany(l => l.Pii).Where(s => s.Type == "card").ToList();
        var orders = corpus.Labels.SelectMany(l => l.PiiNegatives).Where(s => s.Type == "order_number").ToList();
        Assert.NotEmpty(cards);
        Assert.NotEmpty(orders);
        Assert.All(cards, s => Assert.True(Luhn(s.Text), s.Text));
        Assert.All(orders, s => Assert.False(Luhn(s.Text), s.Text));
    }

    [Fact]
    public void Exact_duplicates_have_the_same_text_as_an_earlier_original()
    {
        var dups = corpus.Labels.Where(l => l.Class == "exact_dup").ToList();
        Assert.NotEmpty(dups);
        foreach (SampleLabel dup in dups)
        {
            Assert.Equal(1.0, dup.Jaccard);
            var original = corpus.Records[dup.DuplicateOf!];
            var copy = corpus.Records[dup.Id];
            Assert.Equal(original.Text, copy.Text);
            Assert.NotEqual(original.Url, copy.Url);
            Assert.True(string.CompareOrdinal(original.Shard, copy.Shard) < 0 || (original.Shard == copy.Shard && original.Ordinal < copy.Ordinal));
        }
    }

    [Fact]
    public void Identical_texts_occur_only_as_an_original_and_its_labelled_exact_duplicates()
    {
        var labels = corpus.Labels.ToDictionary(l => l.Id);
        var groups = corpus.Records.GroupBy(r => r.Value.Text, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        Assert.NotEmpty(groups);
        foreach (var group in groups)
        {
            var ids = group.Select(r => r.Key).ToHashSet();
            var originals = ids.Where(id => labels[id].Class != "exact_dup").ToList();
            Assert.True(originals.Count == 1, $"{originals.Count} unlabelled copies of one text: {string.Join(", ", originals)}");
            Assert.All(ids.Where(id => id != originals[0]), id => Assert.Equal(originals[0], labels[id].DuplicateOf));
        }
        Assert.Equal(corpus.Labels.Count(l => l.Class == "exact_dup"), groups.Sum(g => g.Count() - 1));
    }

    [Fact]
    public void Near_duplicate_jaccard_recomputed_here_matches_the_label()
    {
        var nearDups = corpus.Labels.Where(l => l.Class == "near_dup").ToList();
        Assert.NotEmpty(nearDups);
        // Every 20th keeps the test quick while sampling all shards.
        foreach (SampleLabel dup in nearDups.Where((_, i) => i % 20 == 0))
        {
            double actual = WordShingles.Jaccard(corpus.Records[dup.DuplicateOf!].Text, corpus.Records[dup.Id].Text);
            // The generator writes the full double; only floating-point noise may differ.
            Assert.True(Math.Abs(dup.Jaccard!.Value - actual) < 1e-12, $"{dup.Id}: label {dup.Jaccard} vs recomputed {actual}");
            Assert.InRange(actual, 0.5, 0.99);
        }
        int atTheEdge = nearDups.Count(l => l.Jaccard is >= 0.75 and <= 0.85);
        Assert.True(atTheEdge * 3 > nearDups.Count, $"only {atTheEdge} of {nearDups.Count} near dups near the 0.8 threshold");
    }

    [Fact]
    public void Each_planted_class_is_roughly_a_tenth_of_the_corpus()
    {
        int total = corpus.Labels.Count;
        foreach (string cls in new[] { "exact_dup", "near_dup", "low_quality" })
        {
            double share = corpus.Labels.Count(l => l.Class == cls) / (double)total;
            Assert.InRange(share, 0.07, 0.13);
        }
        var kinds = corpus.Labels.Where(l => l.Class == "low_quality").Select(l => l.LowQuality).Distinct().ToHashSet();
        Assert.Equal(new HashSet<string?> { "keyword_list", "repeated_lines", "lorem_ipsum", "minified_js", "symbol_soup", "too_short" }, kinds);
        double withPii = corpus.Labels.Count(l => l.Pii.Count > 0) / (double)total;
        Assert.InRange(withPii, 0.07, 0.16);
    }

    private static bool Luhn(string number)
    {
        var digits = number.Where(char.IsAsciiDigit).Select(c => c - '0').Reverse().ToArray();
        int sum = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = i % 2 == 1 ? digits[i] * 2 : digits[i];
            sum += d > 9 ? d - 9 : d;
        }
        return sum % 10 == 0;
    }
}
