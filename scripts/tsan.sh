#!/usr/bin/env bash
# The engine's, the stores' and the embedded log's suites under Thread Sanitizer, built apart in
# .build-tsan (the first build takes about 15 minutes on 2 cores, later ones a few). Exits non-zero
# when a test fails or TSan reports a race.
#
#   scripts/tsan.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${STREAMRUN_TOOLS:-/opt/streamrun-tools}/bin:$PATH"
suites=$(grep -h -oE "^(@Suite[^\n]*)?\s*(struct|final class|enum) \w+Tests\b" \
    Tests/RunnerTests/Engine/*.swift Tests/RunnerTests/EmbeddedLog/*.swift Tests/StoresTests/*/*.swift \
    | awk '{print $NF}' | sort -u | paste -sd'|')
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
log=$(mktemp /tmp/streamrun-tsan.XXXXXX.log)
status=0
TSAN_OPTIONS="halt_on_error=0 ${TSAN_OPTIONS:-}" swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
    --filter "$suites" 2>&1 | tee "$log" || status=$?
races=$(grep -c "WARNING: ThreadSanitizer" "$log" || true)
echo "ThreadSanitizer: $races report(s); full output in $log"
[ "$status" -eq 0 ] && [ "$races" -eq 0 ]
