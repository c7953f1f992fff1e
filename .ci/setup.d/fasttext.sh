#!/usr/bin/env bash
# The fastText oracle tests compare the C# engine with Debian's fastText CLI (the reference C++ implementation).
set -euo pipefail
if ! command -v fasttext >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fasttext >/dev/null
fi

# The oracle tests' multilingual documents include Debian's package descriptions in other languages (apt's
# Translation-* indexes). Docker images switch those off (Acquire::Languages "none" in apt.conf.d); fetch them
# with a configuration that reads apt.conf.d without that one file.
parts=$(mktemp -d)
conf=$(mktemp)
for f in /etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && ! grep -q 'Acquire::Languages' "$f" && cp "$f" "$parts/"
done
{
  echo "Dir::Etc::Parts \"$parts\";"
  echo 'Acquire::Languages { "de"; "fr"; "es"; "it"; "pl"; "ru"; "ja"; "zh_CN"; "zh_TW"; "pt"; "pt_BR"; "nl"; "sv"; "cs"; "sk"; "uk"; "fi"; "hu"; "da"; "ko"; "vi"; "tr"; "el"; "ca"; "eo"; "id"; "nb"; "ro"; "sr"; "gl"; "eu"; "km"; "en"; };'
} >"$conf"
APT_CONFIG=$conf apt-get update -qq || echo "fasttext.sh: could not fetch apt's Translation indexes; the oracle tests use less text" >&2
rm -rf "$parts" "$conf"
# A later plain `apt-get update` (another hook, scripts/slurm.sh) deletes them again: keep a copy for the tests.
mkdir -p models/.cache/apt-translations
cp /var/lib/apt/lists/*_i18n_Translation-* models/.cache/apt-translations/ 2>/dev/null || true
