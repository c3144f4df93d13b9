/// One record of PostgreSQL's `COPY … (FORMAT csv)` output: comma-separated fields, a field in double
/// quotes when it holds a comma, quote or line break (`""` is a quote), an unquoted empty field is NULL
/// and a quoted empty field the empty string; the record ends in LF (line breaks inside quotes are data).
enum CopyCSVRecord {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into fields: inout [String?]) throws {
        fields.removeAll(keepingCapacity: true)
        var end = bytes.count
        if end > 0, bytes[end - 1] == 10 { end -= 1 }
        if end > 0, bytes[end - 1] == 13 { end -= 1 }
        var i = 0
        var field: [UInt8] = []
        while true {
            if i < end, bytes[i] == 34 {
                field.removeAll(keepingCapacity: true)
                i += 1
                while true {
                    guard i < end else { throw DatabaseError.queryFailed("COPY sent an unterminated quoted field") }
                    if bytes[i] == 34 {
                        if i + 1 < end, bytes[i + 1] == 34 { field.append(34); i += 2; continue }
                        i += 1
                        break
                    }
                    field.append(bytes[i])
                    i += 1
                }
                fields.append(String(decoding: field, as: UTF8.self))
            } else {
                let start = i
                while i < end, bytes[i] != 44 { i += 1 }
                fields.append(start == i ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
            }
            if i >= end { break }
            guard bytes[i] == 44 else { throw DatabaseError.queryFailed("COPY sent a malformed CSV record") }
            i += 1
        }
    }
}
