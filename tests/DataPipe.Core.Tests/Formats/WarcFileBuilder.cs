using System.IO.Compression;
using System.Text;

namespace DataPipe.Core.Tests.Formats;

/// <summary>Builds WARC files record by record (optionally one gzip member per record) so tests can break them on purpose.</summary>
public sealed class WarcFileBuilder
{
    private readonly List<byte[]> _records = [];

    public IReadOnlyList<byte[]> Records => _records;

    public static string TextOf(int i) =>
        $"Record {i} begins here.\n" + string.Concat(Enumerable.Range(0, 40 + i).Select(k => $"Sentence {k} of record {i} talks about rivers, bridges and the town council. "))
        + $"\nRecord {i} ends here.\n";

    public static string IdOf(int i) => $"<urn:uuid:00000000-0000-0000-0000-{i:D12}>";

    public WarcFileBuilder Conversion(int i, Func<string, string>? editHeader = null, byte[]? block = null, string? contentType = "text/plain")
    {
        block ??= Encoding.UTF8.GetBytes(TextOf(i));
        string header = $"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.com/{i}\r\nWARC-Date: 2024-01-0{1 + i % 9}T00:00:00Z\r\n"
            + $"WARC-Record-ID: {IdOf(i)}\r\n" + (contentType is null ? "" : $"Content-Type: {contentType}\r\n") + $"Content-Length: {block.Length}\r\n";
        if (editHeader is not null) header = editHeader(header);
        return Raw([.. Encoding.ASCII.GetBytes(header + "\r\n"), .. block, .. "\r\n\r\n"u8]);
    }

    public WarcFileBuilder Response(int i, byte[] httpBody, string httpContentType) =>
        HttpResponse(i, [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {httpContentType}\r\nContent-Length: {httpBody.Length}\r\n\r\n"), .. httpBody]);

    /// <summary>A response record around a complete HTTP message (status line, headers, body).</summary>
    public WarcFileBuilder HttpResponse(int i, byte[] block)
    {
        string header = $"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/{i}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
            + $"WARC-Record-ID: {IdOf(i)}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {block.Length}\r\n\r\n";
        return Raw([.. Encoding.ASCII.GetBytes(header), .. block, .. "\r\n\r\n"u8]);
    }

    /// <summary>Bytes placed as one "record" (garbage, a hand-made record…).</summary>
    public WarcFileBuilder Raw(byte[] bytes)
    {
        _records.Add(bytes);
        return this;
    }

    public byte[] Plain() => _records.SelectMany(r => r).ToArray();

    /// <summary>One gzip member per record, as Common Crawl ships them.</summary>
    public byte[] GzipPerRecord() => _records.SelectMany(Gzip).ToArray();

    public static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    public static WarcFileBuilder Numbered(int count)
    {
        var builder = new WarcFileBuilder();
        for (int i = 0; i < count; i++) builder.Conversion(i);
        return builder;
    }
}
