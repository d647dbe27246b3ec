#!/usr/bin/env bash
# Proves a guest on a local proving network and verifies the receipt: a loopback nats-server
# (scripts/nats.sh, installed with apt-get if missing), NODES prover nodes (`tessera node`) and the
# job owner (`tessera submit`, job state in SQLite). Stops everything it started.
#   scripts/network-demo.sh [ELF] [INPUT]      defaults: the sha256 example on 8 KB of random bytes
#   NODES=3 PO2=14 PARAMS=--insecure-test-parameters scripts/network-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${NODES:-2}
po2=${PO2:-16}
params=${PARAMS:-}
elf=${1:-guest/examples/bin/sha256.elf}
dir=$(mktemp -d)
input=${2:-$dir/input.bin}
[ -f "$input" ] || head -c 8192 /dev/urandom >"$input"

dotnet build -c Release src/Tessera.Cli -v q -nologo >/dev/null
t="dotnet src/Tessera.Cli/bin/Release/net10.0/tessera.dll"
url=$(bash scripts/nats.sh start "$dir/nats")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  bash scripts/nats.sh stop "$dir/nats"
  rm -rf "$dir"
}
trap cleanup EXIT

for i in $(seq 1 "$nodes"); do
  $t node --nats "$url" --key "$dir/node$i.key" --max-po2 "$po2" $params >"$dir/node$i.log" 2>&1 &
  pids+=($!)
done

$t submit "$elf" --input "$input" --nats "$url" --po2 "$po2" --out "$dir/receipt" $params
$t verify "$dir/receipt" --elf "$elf" $params
