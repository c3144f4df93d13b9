/// The statistical-package file formats ``StatFileReader`` reads, chosen by the file's extension.
enum StatFileFormat: String, Sendable, CaseIterable {
    /// Stata `.dta`, format versions 104–119.
    case stata = "dta"
    /// SPSS `.sav` (and its zlib-compressed variant `.zsav`).
    case spss = "sav"
    /// SAS `.sas7bdat` data sets (plain, RLE- and RDC-compressed).
    case sas = "sas7bdat"

    /// The format for `path`'s extension (compared without regard to case: `.dta`, `.sav`, `.zsav`,
    /// `.sas7bdat`), or nil for any other file. The choice is by name only, so a CSV whose name ends in
    /// `.dta` is read as Stata and fails with ReadStat's message.
    init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "dta": self = .stata
        case "sav", "zsav": self = .spss
        case "sas7bdat": self = .sas
        default: return nil
        }
    }

    /// The package's name with its article ("a Stata", "an SPSS", "a SAS"), for messages.
    var packageNameWithArticle: String { (self == .spss ? "an " : "a ") + packageName }

    /// The package's name, for messages ("Stata", "SPSS", "SAS").
    var packageName: String {
        switch self {
        case .stata: "Stata"
        case .spss: "SPSS"
        case .sas: "SAS"
        }
    }
}
