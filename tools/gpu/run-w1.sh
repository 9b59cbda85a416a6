#!/usr/bin/env bash
# Workload W1 on the GPU machine, both systems side by side: the transformers baseline
# (tools/bench/transformers_baseline.py) and `qwenvl bench` through the carried Java runtime.
# Expects device-carry/ (tools/gpu/pack-device-carry.sh) and a DJL PyTorch JNI built for the
# machine's torch at
#   $DJL_CACHE_DIR/pytorch/<torch>-$PYTORCH_FLAVOR-linux-x86_64/0.36.0-libdjl_torch.so
# (see BENCHMARKS.md for how it is built).
# Results: $OUT/baseline.json, $OUT/ours-$TAG.json and their .err logs.
#
#   ARCH=7B IMAGES=64 NEW_TOKENS=128 BATCH=64 tools/gpu/run-w1.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
carry=$root/device-carry
OUT=${OUT:-/tmp/qwenvl-out}
mkdir -p "$OUT"
ARCH=${ARCH:-7B}
IMAGES=${IMAGES:-64}
BASELINE_IMAGES=${BASELINE_IMAGES:-$IMAGES}
NEW_TOKENS=${NEW_TOKENS:-128}
BATCH=${BATCH:-64}
LANES=${LANES:-1}
SIZE=${SIZE:-1280x720}
RUN_BASELINE=${RUN_BASELINE:-1}
RUN_OURS=${RUN_OURS:-1}
OURS_ARGS=${OURS_ARGS:-}
TAG=${TAG:-lanes$LANES}
export PYTHONUNBUFFERED=1 OPT_OUT_TRACKING=true DJL_OFFLINE=true
# fp32 matmuls (our vision tower) on TF32 tensor cores, as the Precision policy allows
export TORCH_ALLOW_TF32_CUBLAS_OVERRIDE=${TORCH_ALLOW_TF32_CUBLAS_OVERRIDE:-1}
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-/tmp/djl}
export PYTORCH_FLAVOR=${PYTORCH_FLAVOR:-cu130}
read -r TORCH PYTORCH_VERSION < <(python3 -c \
  'import torch,os;print(os.path.dirname(torch.__file__), torch.__version__.split("+")[0])')
export PYTORCH_LIBRARY_PATH=$TORCH/lib PYTORCH_VERSION
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm --format=csv,noheader
export QWENVL_DEVICE_NAME="$(nvidia-smi --query-gpu=name --format=csv,noheader | head -1)"

peak_mem() { # runs "$@", samples nvidia-smi every 200 ms: prints peak memory and mean GPU busy %
  nvidia-smi --query-gpu=memory.used,utilization.gpu --format=csv,noheader,nounits -lms 200 \
    >/tmp/qwenvl-mem.txt &
  local smi=$!
  "$@"
  local rc=$?
  kill $smi 2>/dev/null
  echo "peak_nvidia_smi_mib=$(cut -d, -f1 /tmp/qwenvl-mem.txt | sort -n | tail -1)"
  # mean utilization over samples taken while more than 20 GB was in use (the model loaded)
  awk -F, '$1 > 20000 {s += $2; n++} END {if (n) printf "mean_gpu_busy_pct=%.1f over %d samples\n", s / n, n}' \
    /tmp/qwenvl-mem.txt
  return $rc
}

if [ "$RUN_OURS" = 1 ]; then
  if [ ! -x /tmp/qwenvl-jre/bin/java ]; then xz -dc "$carry/jre.tar.xz" | tar -x -C /tmp; fi
  echo "== ours: random:$ARCH images=$IMAGES size=$SIZE new=$NEW_TOKENS batch=$BATCH lanes=$LANES"
  peak_mem timeout ${OURS_TIMEOUT:-420} /tmp/qwenvl-jre/bin/java ${JAVA_OPTS:-} -Xmx48g -XX:+UseParallelGC \
    -cp "$carry/jars/*" io.sparkqwenvl.cli.BenchCommand --model "random:$ARCH" \
    --images "$IMAGES" --size "$SIZE" --new-tokens "$NEW_TOKENS" --device gpu \
    --precision fp16-mixed --batch "$BATCH" --lanes "$LANES" --json $OURS_ARGS \
    2>"$OUT/ours-$TAG.err" | tee "$OUT/ours-$TAG.json"
  grep -v '^SLF4J' "$OUT/ours-$TAG.err" | tail -8
fi
if [ "$RUN_BASELINE" = 1 ]; then
  echo "== transformers baseline: $ARCH images=$BASELINE_IMAGES batch=$BATCH new=$NEW_TOKENS"
  peak_mem timeout ${BASELINE_TIMEOUT:-300} python3 "$root/tools/bench/transformers_baseline.py" \
    --arch "$ARCH" --images "$BASELINE_IMAGES" --batch "$BATCH" --size "$SIZE" \
    --new-tokens "$NEW_TOKENS" 2>"$OUT/baseline.err" | tee "$OUT/baseline.json"
  tail -3 "$OUT/baseline.err"
fi
