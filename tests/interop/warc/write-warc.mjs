// Writes WARC and WET files with warcio (an independent WARC implementation) plus a JSON of what a reader
// must return from them. Usage: node write-warc.mjs <out-dir>
import { WARCRecord, WARCSerializer } from "warcio";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
mkdirSync(out, { recursive: true });
const encoder = new TextEncoder();
const date = "2024-03-01T12:00:00Z";

function* body(text) { yield encoder.encode(text); }

const paragraphs = (n, seed) => Array.from({ length: n }, (_, i) =>
  `Paragraph ${i + 1} of page ${seed}: the committee reviewed the proposal and agreed that further study of the river valley was needed, café included.`);

function htmlPage(title, paras) {
  return `<!DOCTYPE html><html><head><title>${title}</title><style>body{color:red}</style>` +
    `<script>var tracking = "should not appear";</script></head><body>` +
    `<header><a href="/">Home</a> | <a href="/about">About</a></header>` +
    `<nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>` +
    `<main>${paras.map(p => `<p>${p}</p>`).join("\n")}</main>` +
    `<aside>Related links you may like</aside>` +
    `<form><input name="q"><button>Search</button></form>` +
    `<footer>Copyright 2024 Example Corp. All rights reserved.</footer>` +
    `<noscript>Enable JavaScript</noscript></body></html>`;
}

async function serialize(records, gzip) {
  const parts = [];
  for (const r of records) parts.push(await WARCSerializer.serialize(r, { gzip }));
  return Buffer.concat(parts.map(p => Buffer.from(p)));
}

function idOf(record) { return record.warcHeaders.headers.get("WARC-Record-ID"); }

// A WARC with every record type a crawl produces.
function mixedRecords(version) {
  const records = [];
  const expected = [];
  const info = WARCRecord.createWARCInfo({ filename: "mixed.warc.gz", warcVersion: version }, { software: "warcio.js", format: "WARC File Format 1.1" });
  records.push(info);
  for (let page = 0; page < 6; page++) {
    const url = `https://example.org/page/${page}`;
    const request = WARCRecord.create({ url, date, type: "request", warcVersion: version, statusline: `GET /page/${page} HTTP/1.1`,
      httpHeaders: { Host: "example.org" } }, body(""));
    const paras = paragraphs(3 + page % 3, page);
    const response = WARCRecord.create({ url, date, type: "response", warcVersion: version, statusline: "HTTP/1.1 200 OK",
      httpHeaders: { "Content-Type": "text/html; charset=utf-8" } }, body(htmlPage(`Page ${page}`, paras)));
    const metadata = WARCRecord.create({ url, date, type: "metadata", warcVersion: version,
      warcHeaders: { "Content-Type": "application/warc-fields" } }, body(`fetchTimeMs: ${100 + page}\r\n`));
    records.push(request, response, metadata);
    expected.push({ id: idOf(response), record: records.length - 2, url, type: "response", text: paras.join("\n\n") });
  }
  const image = WARCRecord.create({ url: "https://example.org/logo.png", date, type: "response", warcVersion: version,
    statusline: "HTTP/1.1 200 OK", httpHeaders: { "Content-Type": "image/png" } }, body("\x89PNG not really"));
  records.push(image);
  const resourceText = "A plain text resource.\nIt has two lines.\n";
  const resource = WARCRecord.create({ url: "https://example.org/notes.txt", date, type: "resource", warcVersion: version,
    warcHeaders: { "Content-Type": "text/plain" } }, body(resourceText));
  records.push(resource);
  expected.push({ id: idOf(resource), record: records.length - 1, url: "https://example.org/notes.txt", type: "resource", text: resourceText });
  const revisit = WARCRecord.create({ url: "https://example.org/page/0", date, type: "revisit", warcVersion: version,
    warcHeaders: { "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest" } }, body(""));
  records.push(revisit);
  return { records, expected, skipped: { warcinfo: 1, request: 6, metadata: 6, revisit: 1, non_text: 1 } };
}

// A WET file: warcinfo then conversion records, text kept byte for byte (leading/trailing spaces included).
function wetRecords() {
  const records = [WARCRecord.createWARCInfo({ filename: "sample.wet.gz", warcVersion: "WARC/1.0" }, { isPartOf: "CC-MAIN-TEST" })];
  const expected = [];
  for (let i = 0; i < 25; i++) {
    const url = `https://news.example.com/story/${i}`;
    const text = `  Story ${i} headline\n` + paragraphs(2 + i % 4, `s${i}`).join("\n") + `\nÜnïcödé ✓ 日本語 ${i}\n\n`;
    const r = WARCRecord.create({ url, date, type: "conversion", warcVersion: "WARC/1.0",
      warcHeaders: { "Content-Type": "text/plain" } }, body(text));
    records.push(r);
    expected.push({ id: idOf(r), record: records.length - 1, url, type: "conversion", text });
  }
  return { records, expected, skipped: { warcinfo: 1 } };
}

// Pre-standard versions as ClueWeb09 (0.18) and Heritrix 1 (0.17) wrote them; the responses keep a
// "Content-Encoding: gzip" header over a body stored decoded, as ClueWeb09's do.
function oldVersionRecords(version, pages) {
  const records = [WARCRecord.createWARCInfo({ filename: "old.warc", warcVersion: version }, { software: "crawler" })];
  const expected = [];
  for (let page = 0; page < pages; page++) {
    const url = `http://clueweb.example/doc/${page}`;
    const paras = paragraphs(2 + page % 2, `old${page}`);
    const r = WARCRecord.create({ url, date, type: "response", warcVersion: version, statusline: "HTTP/1.1 200 OK",
      httpHeaders: { "Content-Type": "text/html", "Content-Encoding": "gzip" } }, body(htmlPage(`Doc ${page}`, paras)));
    records.push(r);
    expected.push({ id: idOf(r), record: records.length - 1, url, type: "response", text: paras.join("\n\n") });
  }
  return { records, expected, skipped: { warcinfo: 1 } };
}

// WET conversion records with the headers Common Crawl writes and users filter / join on.
function wetWithHeaders() {
  const records = [];
  const expected = [];
  const languages = ["eng", "deu,eng", "fra"];
  for (let i = 0; i < 3; i++) {
    const url = `https://lang.example/${i}`;
    const text = `Document ${i} in its own language.\n`;
    const refersTo = `<urn:uuid:10000000-0000-0000-0000-00000000000${i}>`;
    const r = WARCRecord.create({ url, date, type: "conversion", warcVersion: "WARC/1.0",
      warcHeaders: { "Content-Type": "text/plain", "WARC-Refers-To": refersTo, "WARC-Identified-Content-Language": languages[i] } }, body(text));
    records.push(r);
    expected.push({ id: idOf(r), record: records.length - 1, url, type: "conversion", text, refersTo, language: languages[i] });
  }
  return { records, expected, skipped: {} };
}

const old18 = oldVersionRecords("WARC/0.18", 29);
writeFileSync(join(out, "clueweb-0.18.warc"), await serialize(old18.records, false));
const old17 = oldVersionRecords("WARC/0.17", 4);
writeFileSync(join(out, "heritrix-0.17.warc.gz"), await serialize(old17.records, true));
const langWet = wetWithHeaders();
writeFileSync(join(out, "headers.wet"), await serialize(langWet.records, false));

const mixed11 = mixedRecords("WARC/1.1");
writeFileSync(join(out, "mixed.warc.gz"), await serialize(mixed11.records, true));
const mixed10 = mixedRecords("WARC/1.0");
writeFileSync(join(out, "mixed.warc"), await serialize(mixed10.records, false));
const wet = wetRecords();
writeFileSync(join(out, "sample.wet.gz"), await serialize(wet.records, true));
writeFileSync(join(out, "expected.json"), JSON.stringify({
  "mixed.warc.gz": { documents: mixed11.expected, skipped: mixed11.skipped },
  "mixed.warc": { documents: mixed10.expected, skipped: mixed10.skipped },
  "sample.wet.gz": { documents: wet.expected, skipped: wet.skipped },
  "clueweb-0.18.warc": { documents: old18.expected, skipped: old18.skipped },
  "heritrix-0.17.warc.gz": { documents: old17.expected, skipped: old17.skipped },
  "headers.wet": { documents: langWet.expected, skipped: langWet.skipped },
}, null, 1));
