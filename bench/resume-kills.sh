#!/usr/bin/env bash
# Kills `batchlab train` (kill -9) at random points and resumes it, N times, cycling SGD,
# SGD with momentum 0.9 and AdamW; prints how many resumed runs ended with the weights of an
# uninterrupted run (bit for bit: the same weights SHA-256). Issue 23's goal: 20 of 20.
# Usage: bench/resume-kills.sh [N=20]   (run it under the machine's lock: it trains on one thread)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-20}"
"$root/batchlab" doctor >/dev/null # builds the CLI when a source changed
cli=(dotnet "$root/src/BatchLab.Cli/bin/Release/net10.0/BatchLab.Cli.dll")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
base=(--train-subset 2000 --val 500 --test-subset 500 --model mlp:128 --batch 32 --updates 6000
      --eval-every 3000 --threads 1 --checkpoint-every 500 --json)
optimizers=("--optimizer sgd --lr 0.05" "--optimizer sgd --momentum 0.9 --lr 0.05" "--optimizer adamw --lr 0.001 --weight-decay 0.01")
hash_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["weights_sha256"])'; }

declare -a reference seconds
for k in "${!optimizers[@]}"; do
  started=$(date +%s.%N)
  # shellcheck disable=SC2206
  reference[k]=$("${cli[@]}" train "${base[@]}" ${optimizers[k]} --out "$work/ref$k" 2>/dev/null | hash_of)
  seconds[k]=$(python3 -c "print($(date +%s.%N) - $started)")
  echo "uninterrupted ${optimizers[k]}: ${reference[k]:0:16} (${seconds[k]:0:4} s)"
done

matched=0
for i in $(seq 1 "$n"); do
  k=$(( (i - 1) % ${#optimizers[@]} ))
  out="$work/run$i"
  # A random point in training: past start-up (torch and the data load take about a quarter of a run here) and before its end.
  at=$(python3 -c "import random; print(round(random.uniform(0.3, 0.95) * ${seconds[k]}, 2))")
  # shellcheck disable=SC2206
  "${cli[@]}" train "${base[@]}" ${optimizers[k]} --out "$out" >/dev/null 2>&1 &
  pid=$!
  sleep "$at"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  kept=$(ls "$out/checkpoints" 2>/dev/null | tail -1 || true)
  # shellcheck disable=SC2206
  got=$("${cli[@]}" train "${base[@]}" ${optimizers[k]} --out "$out" --resume 2>/dev/null | hash_of || echo "failed")
  if [ "$got" = "${reference[k]}" ]; then matched=$((matched + 1)); verdict=same; else verdict=DIFFERENT; fi
  echo "kill $i: ${optimizers[k]}, killed after ${at} s (newest checkpoint: ${kept:-none}), resumed: $verdict"
done
setting=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("mkl_cbwr"))' "$work/ref0/summary.json")
echo "matched $matched of $n (MKL_CBWR=$setting, as recorded in the runs' summary.json)"
