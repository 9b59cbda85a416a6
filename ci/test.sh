#!/usr/bin/env bash
# The README's test command: builds every module and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/env.sh
./mvnw -B -ntp verify
