import GlassboxCore
import GlassboxAudit

extension ReportDocument {
    /// Version of the JSON layout; `schemas/glassbox-report.schema.json` describes it.
    public static let schemaVersion = "glassbox-report/1"

    /// The document as JSON: `{"schema", "title", "subtitle", "manifest", "sections": [{"id", "title",
    /// "blocks": [{"type": …}]}]}`. Numbers keep full precision (Swift's shortest round-trip form);
    /// non-finite numbers are `null`. Keys keep a fixed order, so output is byte-stable.
    public func jsonValue() -> JSONValue {
        .object([
            ("schema", .string(Self.schemaVersion)),
            ("title", .string(title)),
            ("subtitle", subtitle.map(JSONValue.string) ?? .null),
            ("manifest", manifest.jsonValue()),
            ("sections", .array(sections.map { s in
                .object([("id", .string(s.id)), ("title", .string(s.title)), ("blocks", .array(s.blocks.map { $0.jsonValue() }))])
            })),
        ])
    }

    /// Pretty-printed JSON text with a final newline.
    public func json() -> String { jsonValue().rendered() }
}

extension Provenance {
    func jsonValue() -> JSONValue {
        func int(_ x: Int?) -> JSONValue { x.map(JSONValue.integer) ?? .null }
        return .object(jsonMembers(int))
    }

    private func jsonMembers(_ int: (Int?) -> JSONValue) -> [(String, JSONValue)] {
        [
            ("glassboxVersion", .string(glassboxVersion)),
            ("commandLine", .array(commandLine.map(JSONValue.string))),
            ("inputs", .array(inputs.map { i in
                .object([("role", .string(i.role)), ("path", .string(i.path)), ("sha256", .string(i.sha256)),
                         ("rowsRead", int(i.rowsRead)), ("rowsUsed", int(i.rowsUsed)), ("rowsDropped", int(i.rowsDropped))])
            })),
        ] + (data?.preparationJSON ?? []) + [
            // A string: a UInt64 seed may exceed what JSON readers hold exactly in a double.
            ("seed", seed.map { .string(String($0)) } ?? .null),
            ("blas", .string(blas)),
            ("createdAt", .string(createdAt)),
        ]
    }
}

extension ReportBlock {
    func jsonValue() -> JSONValue {
        switch self {
        case .heading(let text): return .object([("type", .string("heading")), ("text", .string(text))])
        case .paragraph(let text): return .object([("type", .string("paragraph")), ("text", .string(text))])
        case .keyValues(let pairs):
            return .object([("type", .string("keyValues")),
                            ("items", .array(pairs.map { .object([("key", .string($0.key)), ("value", .string($0.value))]) }))])
        case .note(let note): return .object([("type", .string("note")), ("kind", .string(note.kind.rawValue)), ("text", .string(note.text))])
        case .table(let t):
            return .object([
                ("type", .string("table")), ("caption", t.caption.map(JSONValue.string) ?? .null),
                ("columns", .array(t.columns.map(JSONValue.string))), ("numeric", .array(t.numeric.map(JSONValue.bool))),
                ("rows", .array(t.rows.map { row in
                    .array(row.map { c in .object([("text", .string(c.text)), ("value", c.value.map(JSONValue.number) ?? .null)]) })
                })),
            ])
        case .chart(let c): return c.jsonValue()
        }
    }
}

extension Chart {
    func jsonValue() -> JSONValue {
        func range(_ r: ClosedRange<Double>?) -> JSONValue { r.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null }
        return .object([
            ("type", .string("chart")), ("title", .string(title)), ("layout", .string(layout.rawValue)),
            ("xLabel", .string(xLabel)), ("yLabel", .string(yLabel)),
            ("categories", .array(categories.map(JSONValue.string))),
            ("series", .array(series.map { s in
                .object([("name", .string(s.name)), ("mark", .string(s.mark.rawValue)),
                         ("points", .array(s.points.map { p in
                             var pairs: [(String, JSONValue)] = [("x", .number(p.x)), ("y", .number(p.y))]
                             if p.lower != nil || p.upper != nil { pairs += [("lower", .optional(p.lower)), ("upper", .optional(p.upper))] }
                             if let c = p.category { pairs.append(("category", .integer(c))) }
                             return .object(pairs)
                         }))])
            })),
            ("bands", .array(bands.map { .object([("from", .number($0.from)), ("to", .number($0.to)), ("label", .string($0.label))]) })),
            ("referenceLines", .array(referenceLines.map { r in
                .object([("orientation", .string(r.orientation.rawValue)), ("value", .number(r.value)), ("label", r.label.map(JSONValue.string) ?? .null)])
            })),
            ("xRange", range(xRange)), ("yRange", range(yRange)),
            ("caption", caption.map(JSONValue.string) ?? .null),
        ])
    }
}
