// Times path-dependent TreeSHAP for Benchmarks/trees/bench_treeshap.py (not a product; not installed).
// Usage: glassbox-bench-treeshap ENSEMBLE.json ROWS.f64 OUT.f64
//   ROWS.f64: n × features little-endian doubles (NaN missing), row-major in the ensemble's feature order.
//   OUT.f64:  n × (features + 1) doubles, the last column φ₀ (XGBoost's `pred_contribs` layout).
// Prints one JSON line: rows, seconds and cpuSeconds (the TreeSHAP call alone, tables included), expectedValue.
import Foundation
import GlassboxExplain
import GlassboxModels

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: glassbox-bench-treeshap ENSEMBLE.json ROWS.f64 OUT.f64\n".utf8))
    exit(64)
}
let ensemble = try JSONDecoder().decode(TreeEnsemble.self, from: Data(contentsOf: URL(fileURLWithPath: arguments[1])))
let bytes = try Data(contentsOf: URL(fileURLWithPath: arguments[2]))
var rows = [Double](repeating: 0, count: bytes.count / 8)
_ = rows.withUnsafeMutableBytes { bytes.copyBytes(to: $0) }
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
let start = DispatchTime.now().uptimeNanoseconds
let cpuStart = cpuSeconds()
let shap = try TreeSHAP.pathDependent(ensemble, rows: rows)
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
let cpu = cpuSeconds() - cpuStart
let p = shap.columns.count
var out = [Double](repeating: shap.expectedValue, count: shap.rowCount * (p + 1))
for r in 0..<shap.rowCount { for f in 0..<p { out[r * (p + 1) + f] = shap[r, f] } }
try out.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: arguments[3]))
print("{\"rows\": \(shap.rowCount), \"seconds\": \(seconds), \"cpuSeconds\": \(cpu), \"expectedValue\": \(shap.expectedValue)}")
