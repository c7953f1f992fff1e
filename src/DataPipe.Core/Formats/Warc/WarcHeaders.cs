using System.Buffers.Text;
using System.Text;

namespace DataPipe.Core.Formats.Warc;

/// <summary>The header fields of one WARC record that the reader keeps; the rest are parsed past without copying.</summary>
internal sealed class WarcHeaders
{
    public string? Type { get; private set; }
    public string? RecordId { get; private set; }
    public string? TargetUri { get; private set; }
    public string? Date { get; private set; }
    public string? ContentType { get; private set; }

    /// <summary>Common Crawl's <c>WARC-Identified-Content-Language</c> (WET: <c>eng,deu</c>).</summary>
    public string? Language { get; private set; }

    /// <summary><c>WARC-Refers-To</c>: in a WET file, the WARC response the text was converted from.</summary>
    public string? RefersTo { get; private set; }

    public long ContentLength { get; private set; } = -1;
    public bool ContentLengthInvalid { get; private set; }

    public void Clear()
    {
        Type = RecordId = TargetUri = Date = ContentType = Language = RefersTo = null;
        ContentLength = -1;
        ContentLengthInvalid = false;
    }

    /// <summary>Takes one <c>Name: value</c> line; lines of no interest (and continuation lines) are ignored.</summary>
    public void Add(ReadOnlySpan<byte> line)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[0] == (byte)' ' || line[0] == (byte)'\t') return;
        var name = line[..colon].TrimEnd(" \t"u8);
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (Ascii.EqualsIgnoreCase(name, "WARC-Type"u8)) Type = KnownType(value);
        else if (Ascii.EqualsIgnoreCase(name, "WARC-Record-ID"u8)) RecordId = Encoding.UTF8.GetString(value);
        else if (Ascii.EqualsIgnoreCase(name, "WARC-Target-URI"u8)) TargetUri = Encoding.UTF8.GetString(value.Trim("<>"u8));
        else if (Ascii.EqualsIgnoreCase(name, "WARC-Date"u8)) Date = Encoding.ASCII.GetString(value);
        else if (Ascii.EqualsIgnoreCase(name, "WARC-Identified-Content-Language"u8)) Language = Encoding.ASCII.GetString(value);
        else if (Ascii.EqualsIgnoreCase(name, "WARC-Refers-To"u8)) RefersTo = Encoding.UTF8.GetString(value);
        else if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8)) ContentType = Encoding.UTF8.GetString(value);
        else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            if (Utf8Parser.TryParse(value, out long length, out int used) && used == value.Length && length >= 0) ContentLength = length;
            else ContentLengthInvalid = true;
        }
    }

    /// <summary>Interned names for the standard record types, so counters and switches need no per-record string.</summary>
    private static string KnownType(ReadOnlySpan<byte> value)
    {
        foreach (string known in WarcTypes.All)
            if (Ascii.EqualsIgnoreCase(value, known)) return known;
        return WarcTypes.Unknown;
    }
}

internal static class WarcTypes
{
    public const string Warcinfo = "warcinfo";
    public const string Response = "response";
    public const string Resource = "resource";
    public const string Request = "request";
    public const string Metadata = "metadata";
    public const string Revisit = "revisit";
    public const string Conversion = "conversion";
    public const string Continuation = "continuation";
    public const string Unknown = "unknown";

    public static readonly string[] All = [Warcinfo, Response, Resource, Request, Metadata, Revisit, Conversion, Continuation];
}
