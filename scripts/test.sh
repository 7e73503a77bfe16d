#!/usr/bin/env bash
# The whole test suite: installs what the tests need, builds, runs every test, prints "N passed, N failed".
# .ci/run calls exactly this script; README.md documents it.
set -euo pipefail
cd "$(dirname "$0")/.."

# SQLite is embedded (Microsoft.Data.Sqlite ships its native library). PostgreSQL's server binaries come from
# Debian's postgresql package: the tests start throw-away servers of their own on free loopback ports.
# Each install is guarded, so a machine that has the package does not reinstall it.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing PostgreSQL (Debian package postgresql) for the persistence tests"
  apt_install postgresql
fi
# OpenCvSharp's native library (the vision pipeline) links GTK 3.
if ! ldconfig -p | grep -q 'libgtk-3\.so\.0'; then
  echo "installing libgtk-3-0 (Debian) for OpenCvSharp's native library"
  apt_install libgtk-3-0
fi
# The console's browser tests drive Debian's headless Chromium through chromium-driver (Selenium).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "installing Chromium and its driver (Debian packages chromium, chromium-driver) for the console's browser tests"
  apt_install chromium chromium-driver
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build cluster.sln -c Release --nologo -v quiet
set +e
dotnet test cluster.sln -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  --logger "console;verbosity=minimal" -- RunConfiguration.TestSessionTimeout=1500000
status=$?
set -e

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$failed" -gt 0 ]; then
  # Repeat each failed test's name and the first lines of its message last, where a truncated log still shows them.
  echo "failed tests:"
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    perl -0777 -ne 'while (/<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed".*?<Message>(.*?)<\/Message>/gs) {
        my ($n, $m) = ($1, $2); $m =~ s/&lt;/</g; $m =~ s/&gt;/>/g; $m =~ s/&quot;/"/g; $m =~ s/&amp;/&/g;
        my @l = split /\n/, $m; print "  $n\n", map({ "    $_\n" } @l[0 .. ($#l < 7 ? $#l : 7)]); }' "$trx"
  done
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The run broke without a failed test being counted (a crash, a timeout): count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
