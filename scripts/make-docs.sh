#!/usr/bin/env bash
# Builds the DocC documentation of the Glassbox library with swift-docc-plugin: the umbrella module
# `Glassbox`, its catalog Sources/Glassbox/Glassbox.docc (landing page, getting-started article) and
# the public API of every layer it re-exports.
#
# SwiftPM's symbol-graph step sees no symbols in a module that only has `@_exported import`s, so the
# script first extracts Glassbox's symbol graph itself with the re-exported modules allowed, and hands
# it to DocC as an additional symbol-graph directory.
#
# Fails when DocC reports any problem in the catalog (an unresolved link, a bad directive). Warnings
# from the layers' own doc comments are printed but do not fail the build.
# Extra arguments go to the plugin, e.g. `--transform-for-static-hosting --output-path site`.
# Output: .build/plugins/Swift-DocC/outputs/Glassbox.doccarchive unless --output-path is given.
set -euo pipefail
cd "$(dirname "$0")/.."
modules=GlassboxCore,GlassboxLinearAlgebra,GlassboxTabular,GlassboxStatFiles,GlassboxDatabase,GlassboxMetrics,GlassboxModels,GlassboxSimulation,GlassboxExplain,GlassboxAudit,GlassboxReport

swift build --target Glassbox
bin=$(swift build --show-bin-path)
graphs=.build/glassbox-symbol-graphs
rm -rf "$graphs" && mkdir -p "$graphs"
swift-symbolgraph-extract -module-name Glassbox -target "$(uname -m)-unknown-linux-gnu" \
  -I "$bin/Modules" -I "$bin" -I Sources/CGlassboxLAPACK -I Sources/CGlassboxReadStat -I Sources/CGlassboxSQLite -I Sources/CGlassboxPQ $(pkg-config --cflags-only-I libpq) -minimum-access-level public -skip-synthesized-members \
  -experimental-allowed-reexported-modules="$modules" -output-dir "$graphs"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
swift package --disable-sandbox generate-documentation --target Glassbox \
  --additional-symbol-graph-dir "$graphs" "$@" 2>&1 | tee "$log"
# DocC gives each problem a location line; the catalog's files are Markdown, the layers' are Swift.
if grep -qE '^ *--> .*\.(md|tutorial):[0-9]' "$log"; then
  echo "make-docs: DocC reported problems in Sources/Glassbox/Glassbox.docc (see above)" >&2
  exit 1
fi
