namespace DataPipe.Core.Config;

/// <summary>A pipeline file that cannot run, with the file, key and line a person needs to fix it.</summary>
public sealed class ConfigException(string file, string key, int line, int column, string problem)
    : Exception(Format(file, key, line, column, problem))
{
    public string File { get; } = file;
    public string Key { get; } = key;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;

    private static string Format(string file, string key, int line, int column, string problem)
    {
        string where = line > 0 ? $"{file}:{line}:{column}" : file;
        return string.IsNullOrEmpty(key) ? $"{where}: {problem}" : $"{where}: {key}: {problem}";
    }
}
