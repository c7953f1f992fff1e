using System.Text.Json;
using System.Text.Json.Nodes;
using DataPipe.Core.Reporting;

namespace DataPipe.Core.Tests.Reporting;

/// <summary>The report writer refuses NaN/infinity at the first one it is handed, naming the field.</summary>
public sealed class FiniteNumbersTests
{
    [Fact]
    public void TheFirstNonFiniteNumberIsNamedByItsPath()
    {
        var node = new JsonObject
        {
            ["dropped"] = 3,
            ["largest_groups"] = new JsonArray(
                new JsonObject { ["similarity"] = 0.9 },
                new JsonObject { ["similarity"] = double.NaN },
                new JsonObject { ["similarity"] = double.PositiveInfinity }),
        };
        var e = Assert.Throws<InvalidDataException>(() => FiniteNumbers.Require(node, "report section 'dedup.fuzzy_dedup'"));
        Assert.Equal("report section 'dedup.fuzzy_dedup': field $.largest_groups[1].similarity is NaN, not a finite number", e.Message);
    }

    [Fact]
    public void FiniteNumbersStringsAndNullsPass()
    {
        var node = new JsonObject { ["a"] = 1.5, ["b"] = "NaN", ["c"] = null, ["d"] = new JsonArray(1, 2.0f) };
        FiniteNumbers.Require(node, "x");
        Assert.Equal(node.ToJsonString(), FiniteNumbers.Section("s", node, JsonSerializerOptions.Default)!.ToJsonString());
    }

    private sealed record Typed(string Name, double[] Values);

    [Fact]
    public void ATypedSectionWithInfinityIsRefusedByFieldNotByTheSerializersMessage()
    {
        var e = Assert.Throws<InvalidDataException>(() =>
            FiniteNumbers.Section("tokens", new Typed("x", [1, double.NegativeInfinity]), JsonSerializerOptions.Default));
        Assert.Equal("report section 'tokens': field $.Values[1] is not a finite number", e.Message);
    }
}
