// Trains Hugging Face BPE (Rust core via npm `tokenizers`) with the ByteLevel pre-tokenizer, for the bench
// comparison. The binding's train() always uses HF's default trainer: 30,000 tokens.
// Usage: node train-hf.js out/tokenizer.json file1.txt [file2.txt …]  → prints seconds on stdout.
const { Tokenizer, BPE, byteLevelPreTokenizer } = require('tokenizers');

const [outPath, ...files] = process.argv.slice(2);
const tokenizer = new Tokenizer(BPE.empty());
tokenizer.setPreTokenizer(byteLevelPreTokenizer(false, true));
const start = process.hrtime.bigint();
tokenizer.train(files);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
tokenizer.save(outPath, true);
console.log(JSON.stringify({ seconds, vocab: tokenizer.getVocabSize(true) }));
