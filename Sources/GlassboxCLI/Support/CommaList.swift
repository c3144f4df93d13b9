import Foundation

/// Splits a comma-separated option value, trimming spaces around each item.
func commaList(_ text: String) -> [String] {
    text.split(separator: ",", omittingEmptySubsequences: true).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
