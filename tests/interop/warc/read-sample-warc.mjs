// Reads the sample corpus's WARC files (sample-data/warc) with warcio, an independent WARC implementation, and
// writes what a reader must find in them: every record's headers, whether its digests hold, and for each HTML
// response the page's article text and its furniture (cookie notice, menu, copyright line) as the recipe laid
// them out. Usage: node read-sample-warc.mjs <out.json> <file.warc.gz>...
import { WARCParser } from "warcio";
import { createHash } from "node:crypto";
import { createReadStream, writeFileSync } from "node:fs";
import { basename } from "node:path";

const [out, ...files] = process.argv.slice(2);
if (!out || files.length === 0) {
  process.stderr.write("usage: node read-sample-warc.mjs <out.json> <file.warc.gz>...\n");
  process.exit(2);
}

function base32(bytes) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, s = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) { s += alphabet[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) s += alphabet[(value << (5 - bits)) & 31];
  return s;
}
const sha1 = (bytes) => "sha1:" + base32(createHash("sha1").update(bytes).digest());
const unescape = (s) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&amp;/g, "&");
const textOf = (html) => unescape(html.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
// Article paragraphs are checked by containment; a cap keeps the JSON small without making the check trivial.
const cap = (s) => (s.length > 400 ? s.slice(0, 400) : s);

const result = { files: [], responses: [] };
for (const file of files) {
  const summary = { name: basename(file), types: [], payloadDigestMismatches: 0, blockLengthMismatches: 0 };
  const parser = new WARCParser(createReadStream(file));
  for await (const record of parser) {
    const type = record.warcType;
    summary.types.push(type);
    if (type !== "response") { await record.readFully(false); continue; }
    const payload = await record.readFully(true);
    if (sha1(payload) !== record.warcHeader("WARC-Payload-Digest")) summary.payloadDigestMismatches++;
    const httpHeadLength = record.httpHeaders.headersBuff?.length;
    if (httpHeadLength !== undefined && httpHeadLength + payload.length !== Number(record.warcHeader("Content-Length"))) summary.blockLengthMismatches++;
    const html = new TextDecoder().decode(payload);
    const article = /<article[^>]*>([\s\S]*?)<\/article>/.exec(html)?.[1] ?? "";
    const paragraphs = [...article.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => unescape(m[1]));
    const nav = [...(/<nav[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "").matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => unescape(m[1]));
    result.responses.push({
      file: summary.name,
      id: record.warcHeader("WARC-Record-ID"),
      url: record.warcTargetURI,
      date: record.warcDate,
      status: record.httpHeaders.statusCode,
      contentType: record.httpHeaders.headers.get("Content-Type"),
      paragraphs: paragraphs.length,
      first: cap(paragraphs[0] ?? ""),
      last: cap(paragraphs[paragraphs.length - 1] ?? ""),
      longest: cap(paragraphs.reduce((a, b) => (b.length > a.length ? b : a), "")),
      cookie: textOf(/<div id="cookie-notice"[^>]*><p>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? ""),
      nav,
      copyright: textOf(/<p class="copyright">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? ""),
    });
  }
  result.files.push(summary);
}
writeFileSync(out, JSON.stringify(result));
