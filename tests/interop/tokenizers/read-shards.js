// Reads every token shard named by a DataPipe manifest with apache-arrow (independent of the .NET writer).
// Usage: node read-shards.js tokens/manifest.json  → JSON summary on stdout.
const fs = require('fs');
const path = require('path');
const { tableFromIPC } = require('apache-arrow');

const manifestPath = process.argv[2];
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const shards = [];
for (const entry of manifest.shards) {
  const table = tableFromIPC(fs.readFileSync(path.join(path.dirname(manifestPath), entry.file)));
  const meta = table.schema.metadata;
  let tokens = 0;
  let checksum = 0n;
  let eosAtEnd = 0;
  const eos = Number(meta.get('datapipe.eos_id'));
  const column = table.getChild('tokens');
  for (let i = 0; i < table.numRows; i++) {
    const row = column.get(i).toArray();
    tokens += row.length;
    for (const t of row) checksum += BigInt(t);
    if (row.length > 0 && row[row.length - 1] === eos) eosAtEnd++;
  }
  shards.push({
    file: entry.file,
    rows: table.numRows,
    tokens,
    checksum: checksum.toString(),
    eos_at_end: eosAtEnd,
    id_type: String(table.schema.fields[0].type),
    tokens_type: String(table.schema.fields[1].type),
    tokenizer: meta.get('datapipe.tokenizer'),
    vocab_size: Number(meta.get('datapipe.vocab_size')),
    format_version: meta.get('datapipe.format_version'),
    first_id: table.numRows > 0 ? table.getChild('id').get(0) : null,
  });
}
console.log(JSON.stringify({ shards }));
