using System.Text.RegularExpressions;

namespace DataPipe.Cli.Hosting;

/// <summary>
/// A run-time failure as the one line a person reads: what failed, the path, the operating system's reason and
/// what to do. The stack trace is for developers: it is printed only with <c>--verbose</c>.
/// </summary>
public static partial class Failure
{
    // errno values (Linux) that .NET carries in IOException.HResult on Unix; the reasons below are the C library's own
    // strerror words, the ones a person searches for.
    private const int NoSpace = 28, ReadOnly = 30, NotADirectory = 20, IsADirectory = 21, QuotaExceeded = 122;

    /// <summary>Set from <c>--verbose</c> before any command runs.</summary>
    public static bool Verbose { get; set; }

    /// <summary>One line, without the <c>error: </c> prefix.</summary>
    public static string Describe(Exception e)
    {
        var outer = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
        var inner = FileSystemCause(outer);
        if (inner is null) return Flatten(outer.Message);
        // A wrapper (e.g. "task pass-1#0 failed: …") keeps its context in front of the file-system line.
        string context = ReferenceEquals(inner, outer) ? "" : outer.Message.Replace(inner.Message, "", StringComparison.Ordinal).Trim().TrimEnd(':') + ": ";
        return Flatten(context) + FileSystemLine(inner);
    }

    private static Exception? FileSystemCause(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is IOException or UnauthorizedAccessException) return x;
        return null;
    }

    private static string FileSystemLine(Exception inner)
    {
        string? path = PathIn(inner);
        // .NET reports ENOTDIR (a path under a regular file) as a missing folder: name the file that is in the way.
        if (inner is DirectoryNotFoundException or FileNotFoundException && path is not null && FileInTheWay(path) is { } file)
            return $"cannot use '{path}': '{file}' is a file, not a folder; choose an --out whose parent folders are folders";
        string reason = Reason(inner);
        string where = path is null ? "" : $" '{path}'";
        return $"cannot use{where}: {reason}; {Advice(inner)}";
    }

    /// <summary>Prints the line (and the stack trace under <c>--verbose</c>) and returns the run-time failure code.</summary>
    public static int Report(Exception e, TextWriter error)
    {
        error.WriteLine($"error: {Describe(e)}");
        if (Verbose) error.WriteLine(e.ToString());
        return Commands.ExitCodes.Failed;
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException or FileNotFoundException => "no such file or folder",
        PathTooLongException => "the path is too long",
        IOException io => (io.HResult & 0xFFFF) switch
        {
            NoSpace => "No space left on device",
            QuotaExceeded => "Disk quota exceeded",
            ReadOnly => "Read-only file system",
            NotADirectory => "a part of the path is a file, not a folder",
            IsADirectory => "it is a folder, not a file",
            _ => Flatten(WithoutPath(io.Message)),
        },
        _ => Flatten(e.Message),
    };

    private static string Advice(Exception e) => e switch
    {
        UnauthorizedAccessException => "choose a folder you can write to (--out) or fix its permissions",
        DirectoryNotFoundException or FileNotFoundException => "check the path (an output folder cannot be made under /proc or /sys)",
        IOException io when (io.HResult & 0xFFFF) is NoSpace or QuotaExceeded => "free disk space or choose another --out on a larger disk, then run the same command again to resume",
        IOException io when (io.HResult & 0xFFFF) is ReadOnly => "choose a writable folder for --out",
        IOException io when (io.HResult & 0xFFFF) is NotADirectory => "choose a path whose parent folders are folders (--out)",
        _ => "check the path and run again (--verbose shows the stack trace)",
    };

    private static string? FileInTheWay(string path)
    {
        for (string? dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            if (File.Exists(dir)) return dir;
        return null;
    }

    private static string? PathIn(Exception e)
    {
        if (e is FileNotFoundException { FileName: { Length: > 0 } name }) return name;
        var match = QuotedPath().Match(e.Message);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string WithoutPath(string message) => QuotedPath().Replace(message, "").TrimEnd(' ', ':', '.');

    private static string Flatten(string message) => message.ReplaceLineEndings(" ").Trim();

    [GeneratedRegex("'(/[^']*)'")]
    private static partial Regex QuotedPath();
}
