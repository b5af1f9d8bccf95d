#!/usr/bin/env bash
# kill -9 a `continuity run` at a random moment on a project of thousands of files, then run any continuity command on
# it: every file must end up in its before-state or its after-state, all of them the same way.
# usage: scripts/kill-test.sh [files=3000] [tries=5]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
. "$here/scripts/select-jdk.sh"
files=${1:-3000}; tries=${2:-5}
bench="$here/orchestrator-benchmarks/target/benchmarks.jar"; cli="$here/orchestrator-examples/target/continuity.jar"
[ -f "$bench" ] && [ -f "$cli" ] || (cd "$here" && mvn -q -B -DskipTests package >&2)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
java -cp "$bench" dev.continuity.benchmarks.GenerateProject "$work/base" "$files" $((files * 5)) 7 >/dev/null
rename() { sed -i 's/^name: 人物3号$/name: 人物3号改/' "$1/30_設定集/キャラクター/人物3.yaml"; }
run() { exec java -jar "$cli" run "$1" --changed 30_設定集/キャラクター/人物3.yaml --context rename.from=人物3号 --context rename.to=人物3号改 --threshold 0.3 "${@:2}"; }
hashes() { (cd "$1" && find . -path ./.continuity -prune -o -type f -print0 | sort -z | xargs -0 sha256sum); }
cp -r "$work/base" "$work/ref"; rename "$work/ref"; hashes "$work/ref" > "$work/before.txt"
start=$(date +%s.%N); (run "$work/ref" >/dev/null); took=$(echo "$(date +%s.%N) - $start" | bc); hashes "$work/ref" > "$work/after.txt"
changed=$(diff "$work/before.txt" "$work/after.txt" | grep -c '^>' || true)
echo "project: $files files; a completed run takes ${took}s and changes $changed of them"
ok=0
for t in $(seq 1 "$tries"); do
  rm -rf "$work/p"; cp -r "$work/base" "$work/p"; rename "$work/p"
  (run "$work/p" >/dev/null 2>&1) & pid=$!
  delay=$(awk -v s="$RANDOM" -v t="$took" -v a="${KILL_FROM:-0.3}" -v b="${KILL_TO:-1.05}" 'BEGIN { srand(s); printf "%.2f", t * (a + rand() * (b - a)) }')
  sleep "$delay"; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  java -jar "$cli" status "$work/p" 2>&1 | sed 's/^/    /' | grep -E "recovered|journal" || true
  hashes "$work/p" > "$work/now.txt"
  if cmp -s "$work/now.txt" "$work/before.txt"; then state="all before"; ok=$((ok + 1));
  elif cmp -s "$work/now.txt" "$work/after.txt"; then state="all after"; ok=$((ok + 1));
  else state="INCONSISTENT"; diff "$work/before.txt" "$work/now.txt" | head -5; fi
  leftovers=$(find "$work/p" \( -name '.ct-*.tmp' -o -name '*.continuity-tmp' -o -path '*/.continuity/lock*' -o -path '*/.continuity/tx/*' \) -print | sed "s#$work/p/##" | tr '\n' ' ')
  echo "try $t: killed after ${delay}s -> $state; left behind: ${leftovers:-nothing}"
  [ -z "$leftovers" ] || ok=$((ok - 1))
done
echo "kill -9 tries: $tries, consistent: $ok"
[ "$ok" -eq "$tries" ]
