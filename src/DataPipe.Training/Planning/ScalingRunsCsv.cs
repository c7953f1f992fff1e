namespace DataPipe.Training.Planning;

/// <summary>Reads runs.csv: a header row naming at least <c>params</c>, <c>tokens</c>, <c>loss</c>; other columns are ignored.</summary>
public static class ScalingRunsCsv
{
    public static IReadOnlyList<ScalingRun> Load(string path)
    {
        if (!File.Exists(path)) throw new FormatException($"{path}: file not found");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new FormatException($"{path}: empty file (expected a header with params, tokens, loss)");
        var header = lines[0].Split(',').Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToList();
        int Column(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new FormatException($"{path}:1: no '{name}' column (header: {lines[0]})");
        int n = Column("params"), d = Column("tokens"), l = Column("loss");
        var runs = new List<ScalingRun>();
        for (var row = 1; row < lines.Length; row++)
        {
            if (string.IsNullOrWhiteSpace(lines[row])) continue;
            var cells = lines[row].Split(',');
            double Cell(int index, string name) =>
                index < cells.Length && SiNumber.TryParse(cells[index].Trim().Trim('"'), out var v) ? v
                    : throw new FormatException($"{path}:{row + 1}: '{name}' must be a positive number, got '{(index < cells.Length ? cells[index] : "")}'");
            runs.Add(new ScalingRun(Cell(n, "params"), Cell(d, "tokens"), Cell(l, "loss")));
        }
        return runs;
    }
}
