// Single-thread cl100k_base encoding with OpenAI tiktoken's WASM build (npm `tiktoken`): the reference row of the
// bench's encoder comparison. Special-token text is encoded as ordinary text, as DataPipe does.
// Usage: node tiktoken-bench.js docs.jsonl passes   (docs.jsonl: one JSON string per line)
//   → {"tokens": N, "checksum": H, "seconds": [one per timed pass]} on stdout. The first, untimed pass is the warm-up
//   and gives the token count and checksum (h = h·31 + id mod 2³²) the bench compares with its own encoders' ids.
const fs = require('fs');
const { get_encoding } = require('tiktoken');

const [docsPath, passesArg] = process.argv.slice(2);
const passes = Number(passesArg);
const docs = fs.readFileSync(docsPath, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
const encoding = get_encoding('cl100k_base');
const encode = (text) => encoding.encode(text, [], []);

let tokens = 0;
let checksum = 0;
for (const doc of docs) {
  const ids = encode(doc);
  tokens += ids.length;
  for (const id of ids) checksum = (Math.imul(checksum, 31) + id) >>> 0;
}

const seconds = [];
for (let p = 0; p < passes; p++) {
  const start = process.hrtime.bigint();
  let n = 0;
  for (const doc of docs) n += encode(doc).length;
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  if (n !== tokens) throw new Error(`timed pass gave ${n} tokens, the first ${tokens}`);
}
encoding.free();
console.log(JSON.stringify({ tokens, checksum, seconds }));
