#!/usr/bin/env bash
# Seeds the fuzzers' corpora from the bundled cases: every scenario.ron for `case_files`, and
# for `crafted_log` the record and score lines (without the chain) of each golden path's log of
# the case the harness uses (icu-sepsis). Run from fuzz/; builds the CLI without the app.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/case_files corpus/crafted_log
for f in ../scenarios/*/scenario.ron ../tests/fixtures/mini/scenario.ron; do
  cp "$f" "corpus/case_files/$(basename "$(dirname "$f")").ron"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for path in expert_responder expert partial novice untreated dopamine_first; do
  cargo run -q --manifest-path ../Cargo.toml --no-default-features -- \
    run ../scenarios/icu-sepsis --script "$path" --log "$tmp/$path.jsonl" >/dev/null || continue
  sed -n -e 's/^{"n":[0-9]*,"prev":"[0-9a-f]*","wall_ms":[0-9]*,"record":\(.*\)}$/\1/p' \
    -e 's/^{"n":[0-9]*,"prev":"[0-9a-f]*","wall_ms":[0-9]*,"score":\(.*\)}$/S\1/p' \
    "$tmp/$path.jsonl" > "corpus/crafted_log/$path.txt"
done
ls corpus/*
