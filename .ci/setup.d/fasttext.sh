#!/usr/bin/env bash
# The fastText oracle tests compare the C# engine with Debian's fastText CLI (the reference C++ implementation).
set -euo pipefail
if ! command -v fasttext >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fasttext >/dev/null
fi
