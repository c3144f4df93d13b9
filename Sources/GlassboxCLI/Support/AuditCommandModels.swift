import GlassboxCore
import GlassboxModels
import GlassboxTabular

// Model access as `glassbox audit` (AuditCommand.swift, AuditCommand+Targeting.swift) calls it. Those two
// files are being rewritten on their own branch; every other command calls the library directly. Delete
// this file once the audit command does too.

/// ``LogisticModelFile/load(path:)``.
func loadLogisticModel(_ path: String) throws -> LogisticModelFile {
    try LogisticModelFile.load(path: path)
}

/// ``UpliftModelFile/load(path:)``.
func loadUpliftModel(_ path: String) throws -> UpliftModelFile {
    try UpliftModelFile.load(path: path)
}

/// The model file's kind (``ModelFileHeader``), read before the full file.
func modelKind(_ path: String) throws -> String {
    try FileCheck.requireReadableFile(path)
    return try ModelFileHeader.read(bytes: try FileCheck.readBytes(path), path: path).kind
}

/// ``LogisticModelFile/scores(on:)``'s values.
func logisticScores(_ file: LogisticModelFile, table: Table) throws -> [Double] {
    try file.scores(on: table).values
}

/// ``UpliftArmModel/scores(on:)``'s values of treatment `treated`, or nil when the model has no such treatment.
func upliftScores(_ file: UpliftModelFile, table: Table, treated: String) throws -> [Double]? {
    guard let arm = try? file.arm(treated) else { return nil }
    return try arm.scores(on: table).values
}
