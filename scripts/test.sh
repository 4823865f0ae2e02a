#!/usr/bin/env bash
# Builds and runs the whole test suite (unit tests + Tansu broker integration tests), then the
# kill -9 torture suites on their own: they keep both cores busy, which would starve the
# readiness deadlines of tests running beside them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${STREAMRUN_TOOLS:-/opt/streamrun-tools}/bin:$PATH"
swift build --build-tests
.build/debug/streamrun test topologies/*.test.yaml
swift test --skip-build --skip 'KillTortureTests'
swift test --skip-build --filter 'KillTortureTests'
