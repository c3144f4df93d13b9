import GlassboxCore
/// One report, independent of how it is rendered: a title, sections of blocks, and a manifest.
/// ``ReportDocument/json()``, ``ReportDocument/markdown()`` and ``ReportDocument/html()`` render
/// the same document, so the three formats carry the same numbers.
///
/// Privacy: a document holds only aggregates (tables of groups, terms and curve points). Adapters
/// never copy rows of the input data into it, and suppressed groups appear only as "suppressed".
public struct ReportDocument: Sendable, Equatable {
    /// The report's title (the first heading).
    public var title: String
    /// A line under the title (a model's formula, the data), if any.
    public var subtitle: String?
    /// The report's parts, in order; built by the constructors (``combined(title:subtitle:inspection:explanation:audits:uplifts:minGroupSize:manifest:)``,
    /// ``modelReport(inspection:explanation:audits:scoreColumn:uplifts:title:minGroupSize:provenance:)``, ``upliftReport(model:evaluation:targeting:uplifts:title:minGroupSize:provenance:)``,
    /// ``lookalikeReport(model:recovery:composition:audienceSize:outOfBag:uplifts:title:minGroupSize:provenance:)``).
    package var sections: [ReportSection]
    /// Provenance: command line, inputs and their digests, rows, seed, BLAS.
    public var manifest: Provenance

    /// An empty report (no sections) titled `title`; the constructors above add the sections.
    public init(title: String, subtitle: String? = nil, manifest: Provenance) {
        self.init(title: title, subtitle: subtitle, sections: [], manifest: manifest)
    }

    /// A report of `sections`.
    package init(title: String, subtitle: String? = nil, sections: [ReportSection], manifest: Provenance) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.manifest = manifest
    }
}

/// A titled part of a report (one model inspection, one explanation, one audit attribute, …).
package struct ReportSection: Sendable, Equatable {
    /// A stable identifier, used as the HTML anchor and the JSON key (letters, digits and `-` only).
    package var id: String
    package var title: String
    package var blocks: [ReportBlock]

    package init(id: String, title: String, blocks: [ReportBlock] = []) {
        self.id = ReportSection.slug(id)
        self.title = title
        self.blocks = blocks
    }

    /// Lower-case letters, digits and `-`: safe as an HTML id whatever the source string was.
    package static func slug(_ text: String) -> String {
        var out = ""
        for u in text.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") { out.unicodeScalars.append(u) } else if !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }
}

/// The content of a section. Every string in a block is plain text (never markup): renderers escape it.
package enum ReportBlock: Sendable, Equatable {
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
package struct KeyValue: Sendable, Equatable {
    package var key: String
    package var value: String
    package init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A table with a header row. Cells carry display text and, for numbers, the full-precision value
/// (kept in JSON so machine readers need not parse rounded text).
package struct DataTable: Sendable, Equatable {
    package struct Cell: Sendable, Equatable {
        package var text: String
        package var value: Double?
        package init(_ text: String, value: Double? = nil) {
            self.text = text
            self.value = value
        }
    }
    package var caption: String?
    package var columns: [String]
    /// Which columns hold numbers (right-aligned).
    package var numeric: [Bool]
    package var rows: [[Cell]]

    package init(caption: String? = nil, columns: [String], numeric: [Bool]? = nil, rows: [[Cell]]) {
        self.caption = caption
        self.columns = columns
        self.numeric = numeric ?? columns.map { _ in false }
        self.rows = rows
    }
}

/// A call-out: information, a warning about the data or model, or a privacy statement.
package struct Note: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        case info, warning, privacy
    }
    package var kind: Kind
    package var text: String
    package init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
