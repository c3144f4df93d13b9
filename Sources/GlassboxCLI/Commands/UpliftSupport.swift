import GlassboxCore
import GlassboxModels
import Foundation

/// Reads an uplift model file with the same path checks as data files.
func loadUpliftModel(_ path: String) throws -> UpliftModelFile {
    try FileCheck.requireReadableFile(path)
    return try UpliftModelFile.load(bytes: try readFileBytes(path), path: path)
}

/// The model file's kind (`logistic`, `uplift`…), read before the full file so commands can dispatch on it.
func modelKind(_ path: String) throws -> String {
    try FileCheck.requireReadableFile(path)
    return try ModelFileHeader.read(bytes: try readFileBytes(path), path: path).kind
}

/// Splits a comma-separated option value, trimming spaces around each item.
func commaList(_ text: String) -> [String] {
    text.split(separator: ",", omittingEmptySubsequences: true).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
