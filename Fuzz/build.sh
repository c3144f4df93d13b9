#!/bin/sh
# Builds the libFuzzer targets (fuzz-csv, fuzz-formula, fuzz-model, fuzz-tree-model, fuzz-notebook) into Fuzz/.build with coverage
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
# GlassboxCore hashes with swift-crypto: SwiftPM builds it (release, uninstrumented) and the modules
# below compile against its Swift module and link its objects (BoringSSL is C++: -lstdc++).
swift build -c release --target GlassboxCore >/dev/null
R=$(swift build -c release --show-bin-path)
CRYPTO_OBJECTS=$(find "$R/Crypto.build" "$R/CCryptoBoringSSL.build" "$R/CCryptoBoringSSLShims.build" "$R/CryptoBoringWrapper.build" -name '*.o')
FLAGS="-sanitize=$SANITIZE -package-name Glassbox -parse-as-library -O -g -wmo -I $B -I $R/Modules -I Sources/CGlassboxLAPACK"
module() {  # module NAME SOURCES...
    name=$1; shift
    swiftc $FLAGS -module-name "$name" -emit-module -emit-module-path "$B/$name.swiftmodule" -c "$@" -o "$B/$name.o"
}
module GlassboxCore Sources/GlassboxCore/*.swift
module GlassboxLinearAlgebra Sources/GlassboxLinearAlgebra/*.swift
module GlassboxTabular Sources/GlassboxTabular/*.swift
module GlassboxMetrics Sources/GlassboxMetrics/*.swift
module GlassboxModels $(find Sources/GlassboxModels -name '*.swift')
module GlassboxSimulation Sources/GlassboxSimulation/*.swift
module GlassboxExplain Sources/GlassboxExplain/*.swift
module GlassboxAudit Sources/GlassboxAudit/*.swift
module GlassboxReport Sources/GlassboxReport/*.swift
OBJECTS="$B/GlassboxCore.o $B/GlassboxLinearAlgebra.o $B/GlassboxTabular.o $B/GlassboxMetrics.o $B/GlassboxModels.o $CRYPTO_OBJECTS -lstdc++"
for target in CSVReader:fuzz-csv Formula:fuzz-formula ModelFile:fuzz-model TreeModel:fuzz-tree-model; do
    swiftc $FLAGS "Fuzz/${target%%:*}Fuzz.swift" $OBJECTS -lblas -llapack -o "$B/${target##*:}"
done
swiftc $FLAGS Fuzz/NotebookFuzz.swift $OBJECTS "$B/GlassboxSimulation.o" "$B/GlassboxExplain.o" "$B/GlassboxAudit.o" "$B/GlassboxReport.o" -lblas -llapack -o "$B/fuzz-notebook"
swiftc $FLAGS Fuzz/PythonLiteralFuzz.swift $OBJECTS "$B/GlassboxSimulation.o" "$B/GlassboxExplain.o" "$B/GlassboxAudit.o" "$B/GlassboxReport.o" -lblas -llapack -o "$B/fuzz-python-literal"
echo "built $B/fuzz-csv $B/fuzz-formula $B/fuzz-model $B/fuzz-tree-model $B/fuzz-notebook $B/fuzz-python-literal"
