#!/usr/bin/env bash
# The kill -9 torture at full size: 20 kills (or STREAMRUN_TORTURE_KILLS) per transport, for
# sellable.yaml and for a topology with a group-by; every key must end at the sum of the
# acknowledged commands. CI runs the same tests with 4 kills as part of scripts/test.sh.
#
#   scripts/torture.sh            build, then run the torture suites
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="${STREAMRUN_TOOLS:-/opt/streamrun-tools}/bin:$PATH"
export STREAMRUN_TORTURE_KILLS="${STREAMRUN_TORTURE_KILLS:-20}"
swift build --build-tests
swift test --skip-build --filter 'KillTortureTests'
