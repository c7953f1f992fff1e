using DataPipe.Training.Data;

namespace DataPipe.Training.Tests;

public sealed class WindowSamplerTests
{
    [Fact]
    public void Every_window_is_visited_exactly_once_per_epoch_in_a_new_order_each_epoch()
    {
        var sampler = new WindowSampler(97, seed: 5);
        var first = Enumerable.Range(0, 97).Select(_ => sampler.Next()).ToArray();
        Assert.Equal(new SamplerCursor(0, 97), sampler.Cursor);
        var second = Enumerable.Range(0, 97).Select(_ => sampler.Next()).ToArray();
        Assert.Equal(new SamplerCursor(1, 97), sampler.Cursor);

        Assert.Equal(Enumerable.Range(0, 97).Select(i => (long)i), first.Order());
        Assert.Equal(Enumerable.Range(0, 97).Select(i => (long)i), second.Order());
        Assert.NotEqual(first, second);
        Assert.NotEqual(Enumerable.Range(0, 97).Select(i => (long)i), first); // shuffled, not sequential
    }

    [Fact]
    public void A_sampler_restarted_from_a_saved_cursor_continues_the_same_sequence()
    {
        var uninterrupted = new WindowSampler(50, seed: 11);
        var expected = Enumerable.Range(0, 130).Select(_ => uninterrupted.Next()).ToArray();

        var before = new WindowSampler(50, seed: 11);
        var head = Enumerable.Range(0, 73).Select(_ => before.Next()).ToArray();
        var restarted = new WindowSampler(50, seed: 11, before.Cursor);
        var tail = Enumerable.Range(0, 57).Select(_ => restarted.Next()).ToArray();

        Assert.Equal(new SamplerCursor(1, 23), before.Cursor);
        Assert.Equal(expected, head.Concat(tail));
    }

    [Fact]
    public void The_order_depends_on_the_seed_only()
    {
        var a = new WindowSampler(40, seed: 1);
        var b = new WindowSampler(40, seed: 1);
        var c = new WindowSampler(40, seed: 2);
        var sa = Enumerable.Range(0, 40).Select(_ => a.Next()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 40).Select(_ => b.Next()));
        Assert.NotEqual(sa, Enumerable.Range(0, 40).Select(_ => c.Next()));
    }

    [Fact]
    public void No_windows_is_a_clear_error()
    {
        Assert.Throws<TrainingDataException>(() => new WindowSampler(0, 1));
    }
}
