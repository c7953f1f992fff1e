// Encodes texts with Hugging Face's Rust tokenizers core (npm `tokenizers`) from a tokenizer.json.
// Usage: node encode.js tokenizer.json texts.jsonl > ids.jsonl   (texts.jsonl: one JSON string per line)
// The file's added tokens are removed first: DataPipe encodes documents as ordinary text, so a literal
// "<|endoftext|>" inside a document must not become the special id (HF would extract it otherwise).
const fs = require('fs');
const { Tokenizer } = require('tokenizers');

async function main() {
  const [tokenizerPath, textsPath] = process.argv.slice(2);
  const json = JSON.parse(fs.readFileSync(tokenizerPath, 'utf8'));
  json.added_tokens = [];
  const tokenizer = Tokenizer.fromString(JSON.stringify(json));
  const lines = fs.readFileSync(textsPath, 'utf8').split('\n').filter((l) => l.length > 0);
  const out = [];
  for (const line of lines) {
    const encoding = await tokenizer.encode(JSON.parse(line), null, { addSpecialTokens: false });
    out.push(JSON.stringify(encoding.getIds()));
  }
  fs.writeFileSync(1, out.join('\n') + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
