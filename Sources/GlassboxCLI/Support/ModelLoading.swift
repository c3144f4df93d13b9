import GlassboxCore
import GlassboxModels

/// Reads a logistic model file (``LogisticModelFile/load(path:)``: path checks, size cap, validation).
func loadLogisticModel(_ path: String) throws -> LogisticModelFile {
    try LogisticModelFile.load(path: path)
}

/// The whole file at `path`, capped as ``FileCheck/readBytes(_:)`` caps it.
func readFileBytes(_ path: String) throws -> [UInt8] {
    try FileCheck.readBytes(path)
}
