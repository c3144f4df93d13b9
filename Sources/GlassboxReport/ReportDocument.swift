import GlassboxCore
/// One report, independent of how it is rendered: a title, sections of blocks, and a manifest.
/// ``ReportDocument/json()``, ``ReportDocument/markdown()`` and ``ReportDocument/html()`` render
/// the same document, so the three formats carry the same numbers.
///
/// Privacy: a document holds only aggregates (tables of groups, terms and curve points). Adapters
/// never copy rows of the input data into it, and suppressed groups appear only as "suppressed".
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    public var sections: [ReportSection]
    public var manifest: Provenance

    public init(title: String, subtitle: String? = nil, sections: [ReportSection] = [], manifest: Provenance) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.manifest = manifest
    }
}

/// A titled part of a report (one model inspection, one explanation, one audit attribute, …).
public struct ReportSection: Sendable, Equatable {
    /// A stable identifier, used as the HTML anchor and the JSON key (letters, digits and `-` only).
    public var id: String
    public var title: String
    public var blocks: [ReportBlock]

    public init(id: String, title: String, blocks: [ReportBlock] = []) {
        self.id = ReportSection.slug(id)
        self.title = title
        self.blocks = blocks
    }

    /// Lower-case letters, digits and `-`: safe as an HTML id whatever the source string was.
    public static func slug(_ text: String) -> String {
        var out = ""
        for u in text.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") { out.unicodeScalars.append(u) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}

/// The content of a section. Every string in a block is plain text (never markup): renderers escape it.
public enum ReportBlock: Sendable, Equatable {
    /// A sub-heading inside a section (level 3 in Markdown/HTML).
    case heading(String)
    case paragraph(String)
    /// Label–value pairs (fit statistics, settings).
    case keyValues([KeyValue])
    case table(DataTable)
    case chart(Chart)
    case note(Note)
}

/// A label and its value, both plain text.
public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A table with a header row. Cells carry display text and, for numbers, the full-precision value
/// (kept in JSON so machine readers need not parse rounded text).
public struct DataTable: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var value: Double?
        public init(_ text: String, value: Double? = nil) {
            self.text = text
            self.value = value
        }
    }
    public var caption: String?
    public var columns: [String]
    /// Which columns hold numbers (right-aligned).
    public var numeric: [Bool]
    public var rows: [[Cell]]

    public init(caption: String? = nil, columns: [String], numeric: [Bool]? = nil, rows: [[Cell]]) {
        self.caption = caption
        self.columns = columns
        self.numeric = numeric ?? columns.map { _ in false }
        self.rows = rows
    }
}

/// A call-out: information, a warning about the data or model, or a privacy statement.
public struct Note: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case info, warning, privacy
    }
    public var kind: Kind
    public var text: String
    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
