#!/usr/bin/env bash
# The whole test suite: build (warnings are errors), format check, every test project, then the
# SIMD-sensitive projects again with AVX-512 off and with all hardware intrinsics off.
# .NET 10 ignores DOTNET_EnableAVX512F; DOTNET_EnableAVX512 is the switch that turns AVX-512 off
# (checked: Avx512F.IsSupported stays true under the former). Both are set for older runtimes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Tessera.slnx -c Release -warnaserror --nologo -v q
dotnet format Tessera.slnx --verify-no-changes --no-restore -v q

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run() { # label, env..., -- project
  local label=$1; shift
  echo "== $label"
  env "$@" 2>&1 | tee -a "$log" | grep -E "^(Passed|Failed)!|error|\[FAIL\]" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
}
run "all tests" dotnet test Tessera.slnx -c Release --no-build --nologo
for p in Field Poly Hash Stark; do
  run "$p tests, AVX-512 off" DOTNET_EnableAVX512F=0 DOTNET_EnableAVX512=0 dotnet test tests/Tessera.$p.Tests -c Release --no-build --nologo
  run "$p tests, intrinsics off" DOTNET_EnableHWIntrinsic=0 dotnet test tests/Tessera.$p.Tests -c Release --no-build --nologo
done
passed=$(grep -oE "Passed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE "Failed: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE "Skipped: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ]; then
  echo "== failures"
  grep -E -A25 "^\s+Failed [A-Za-z]" "$log" | head -300 || true
  mkdir -p TestResults && cp "$log" TestResults/failed-run.log
  echo "== the whole log (failing tests' output included): TestResults/failed-run.log"
fi
[ "$failed" -eq 0 ] || status=1
exit $status
