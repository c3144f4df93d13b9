#!/bin/sh
# Builds the libFuzzer targets (fuzz-csv, fuzz-formula, fuzz-model, fuzz-notebook) into Fuzz/.build with coverage
# instrumentation and AddressSanitizer. The library modules are compiled straight from Sources/ in
# dependency order (SwiftPM cannot add -sanitize=fuzzer to library targets only).
set -eu
cd "$(dirname "$0")/.."
# FUZZ_SANITIZE=fuzzer builds without ASan into Fuzz/.build-fast: several times more runs per second, for
# long campaigns (a crash found there is then replayed on the ASan build).
SANITIZE=${FUZZ_SANITIZE:-fuzzer,address}
B=Fuzz/.build
[ "$SANITIZE" = "fuzzer,address" ] || B=Fuzz/.build-fast
mkdir -p "$B"
FLAGS="-sanitize=$SANITIZE -parse-as-library -O -g -wmo -I $B -I Sources/CLAPACK"
module() {  # module NAME SOURCES...
    name=$1; shift
    swiftc $FLAGS -module-name "$name" -emit-module -emit-module-path "$B/$name.swiftmodule" -c "$@" -o "$B/$name.o"
}
module GlassboxCore Sources/GlassboxCore/*.swift
module LinearAlgebra Sources/LinearAlgebra/*.swift
module Tabular Sources/Tabular/*.swift
module Metrics Sources/Metrics/*.swift
module Models $(find Sources/Models -name '*.swift')
module Explain Sources/Explain/*.swift
module Audit Sources/Audit/*.swift
module Report Sources/Report/*.swift
OBJECTS="$B/GlassboxCore.o $B/LinearAlgebra.o $B/Tabular.o $B/Metrics.o $B/Models.o"
for target in CSVReader:fuzz-csv Formula:fuzz-formula ModelFile:fuzz-model; do
    swiftc $FLAGS "Fuzz/${target%%:*}Fuzz.swift" $OBJECTS -lblas -llapack -o "$B/${target##*:}"
done
swiftc $FLAGS Fuzz/NotebookFuzz.swift $OBJECTS "$B/Explain.o" "$B/Audit.o" "$B/Report.o" -lblas -llapack -o "$B/fuzz-notebook"
swiftc $FLAGS Fuzz/PythonLiteralFuzz.swift $OBJECTS "$B/Explain.o" "$B/Audit.o" "$B/Report.o" -lblas -llapack -o "$B/fuzz-python-literal"
echo "built $B/fuzz-csv $B/fuzz-formula $B/fuzz-model $B/fuzz-notebook $B/fuzz-python-literal"
