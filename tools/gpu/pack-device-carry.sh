#!/usr/bin/env bash
# Packs what `qwenvl bench` needs on the GPU machine (which has no Java) into the ignored folder
# device-carry/: a jlink runtime (xz), the engine's jars (DJL api + PyTorch engine, Jackson, JNA,
# gson, commons-compress, slf4j-api; NOT Spark, NOT pytorch-native-cpu/pytorch-jni, NOT ffmpeg)
# and our classes compiled from the bench entry point (javac -sourcepath pulls in only what it
# references). Pass device-carry in the device tool's `carry`; run tools/gpu/run-w1.sh there.
#
#   tools/gpu/pack-device-carry.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
carry=$root/device-carry
m2=${M2_REPO:-$HOME/.m2/repository}
mkdir -p "$carry/jars"
jars=(
  ai/djl/api/0.36.0/api-0.36.0.jar
  ai/djl/pytorch/pytorch-engine/0.36.0/pytorch-engine-0.36.0.jar
  com/google/code/gson/gson/2.13.1/gson-2.13.1.jar
  net/java/dev/jna/jna/5.17.0/jna-5.17.0.jar
  org/apache/commons/commons-compress/1.27.1/commons-compress-1.27.1.jar
  org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar
  com/fasterxml/jackson/core/jackson-databind/2.18.2/jackson-databind-2.18.2.jar
  com/fasterxml/jackson/core/jackson-annotations/2.18.2/jackson-annotations-2.18.2.jar
  com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar
)
cp=""
for j in "${jars[@]}"; do
  cp -f "$m2/$j" "$carry/jars/"
  cp="$cp:$m2/$j"
done
if [ ! -f "$carry/jre.tar.xz" ]; then
  rm -rf /tmp/qwenvl-jre
  mods=java.base,java.logging,java.management,jdk.unsupported,java.desktop,java.naming
  mods=$mods,java.xml,java.sql,jdk.crypto.ec
  jlink --add-modules "$mods" \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output /tmp/qwenvl-jre
  tar -C /tmp -cf - qwenvl-jre | xz -T2 -6 >"$carry/jre.tar.xz"
fi
rm -rf "$carry/classes"
mkdir -p "$carry/classes"
src=$root/spark-qwenvl/src/main
javac -nowarn -encoding UTF-8 -d "$carry/classes" -cp "${cp#:}" -sourcepath "$src/java" \
  "$src/java/io/sparkqwenvl/cli/BenchCommand.java"
cp -r "$src/resources/." "$carry/classes/"
(cd "$carry/classes" && jar cf ../jars/spark-qwenvl-bench.jar . ) && rm -rf "$carry/classes"
du -sh "$carry"
