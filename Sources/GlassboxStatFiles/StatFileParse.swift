import CGlassboxReadStat
import GlassboxCore
import GlassboxTabular
#if canImport(Glibc)
import Glibc
#endif

/// The state of one ReadStat parse, reached from the C callbacks through their context pointer.
/// ReadStat calls back on the caller's thread, in order: metadata, variables, values row by row,
/// and value labels (before the values in SPSS files, after them in Stata files).
final class StatFileParse {
    let path: String
    let format: StatFileFormat
    let options: StatFileOptions

    /// Rows announced by the file header (-1 when the file does not say).
    var announcedRows = -1
    /// Variables in the file (read or skipped), from its header.
    var variableCount = 0
    /// Every variable name in file order (for the unknown-column message).
    var allNames: [String] = []
    /// The variables read, by ReadStat's index after skipping.
    var columns: [StatFileColumn] = []
    var labelSets: [String: StatFileValueLabels] = [:]
    /// Rows seen so far (one more than the largest observation index).
    var rows = 0
    /// A problem found in a callback; the callback aborts and ``StatFileReader`` throws this.
    var failure: Error?
    /// The last message of ReadStat's error handler (more detail than its error code).
    var libraryMessage: String?

    /// The file's size (bounds the storage reserved up front).
    let fileBytes: Int
    /// Progress in bytes, from ReadStat's fraction done.
    var counter: ProgressCounter?
    var reportedBytes = 0

    init(path: String, format: StatFileFormat, options: StatFileOptions, fileBytes: Int) {
        self.path = path
        self.format = format
        self.options = options
        self.fileBytes = fileBytes
    }

    func progress(_ fraction: Double) -> Int32 {
        let done = Int(min(max(fraction, 0), 1) * Double(fileBytes))
        if done > reportedBytes { counter?.advance(by: done - reportedBytes); reportedBytes = done }
        return Int32(READSTAT_HANDLER_OK)
    }

    /// The table size in bytes for `rows` rows of the variables read (saturating).
    func tableBytes(rows: Int) -> UInt64 {
        let (product, overflow) = UInt64(max(rows, 0)).multipliedReportingOverflow(by: UInt64(max(columns.count, 1)) * 8)
        return overflow ? .max : product
    }

    /// The file's format version from its header (Stata: 104–119), 0 until the metadata arrive.
    var formatVersion = 0

    func metadata(rowCount: Int, variableCount: Int, formatVersion: Int) -> Int32 {
        announcedRows = rowCount
        self.variableCount = variableCount
        self.formatVersion = formatVersion
        return Int32(READSTAT_HANDLER_OK)
    }

    /// The longest a value-label set name passed to the variable handler can be. ReadStat hands a Stata
    /// file's name straight from the file's label list, a fixed-width field (9 bytes up to format 108, 33 up
    /// to 117, 129 from 118) that a damaged file need not end with a NUL: the name is read up to that width
    /// only, never past the end of ReadStat's buffer. Other formats' names are NUL-terminated by ReadStat.
    var labelSetNameWidth: Int {
        guard format == .stata else { return .max }
        return formatVersion >= 118 ? 129 : formatVersion >= 110 ? 33 : 9
    }

    /// The text at `pointer`, up to its NUL or `width` bytes, whichever comes first.
    static func text(_ pointer: UnsafePointer<CChar>, width: Int) -> String {
        let length = strnlen(pointer, width)
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    func variable(_ variable: UnsafeMutablePointer<readstat_variable_t>, labelSet: UnsafePointer<CChar>?) -> Int32 {
        // A damaged file can leave a variable without a name: refuse it rather than trap.
        guard let rawName = readstat_variable_get_name(variable) else {
            failure = TabularError.file(path: path, message: "cannot be read as \(format.packageNameWithArticle) file: variable \(allNames.count + 1) has no name (a damaged file?)")
            return Int32(READSTAT_HANDLER_ABORT)
        }
        let name = String(cString: rawName)
        allNames.append(name)
        if let wanted = options.columns, !wanted.contains(name), !options.optionalColumns.contains(name) { return Int32(READSTAT_HANDLER_SKIP_VARIABLE) }
        // A SAS data set names its format catalog's entry here; the catalog (.sas7bcat) is not read.
        let labels = format == .sas ? nil : labelSet.map { Self.text($0, width: labelSetNameWidth) }.flatMap { $0.isEmpty ? nil : $0 }
        let format = readstat_variable_get_format(variable).map { String(cString: $0) } ?? ""
        let isString = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING
        // A labelled variable keeps its codes for the label lookup, so it is never converted.
        let temporal = isString || labels != nil ? nil : StatFileTemporal(format: format, in: self.format)
        // Storage is reserved for the header's row count only as far as the file can hold it (a cell
        // takes at least a byte of an uncompressed file; the arrays grow if compression beat that) and
        // the memory limit allows, so a header that lies cannot make the reader reserve more.
        let width = max(variableCount, 1)
        let limitRows = options.maximumTableBytes.map { Int(clamping: $0 / 8) / width } ?? .max
        let capacity = min(max(announcedRows, 0), fileBytes / width, limitRows)
        columns.append(StatFileColumn(name: name, labelSet: labels, temporal: temporal, isString: isString, capacity: capacity))
        return Int32(READSTAT_HANDLER_OK)
    }

    func value(row: Int, variable: UnsafeMutablePointer<readstat_variable_t>, value: readstat_value_t) -> Int32 {
        let j = Int(readstat_variable_get_index_after_skipping(variable))
        guard columns.indices.contains(j) else { return Int32(READSTAT_HANDLER_OK) }
        if row >= rows {
            rows = row + 1
            // The header's row count is checked with the first value, so a file too large fails at once.
            let expected = max(rows, announcedRows)
            if let limit = options.maximumTableBytes, tableBytes(rows: expected) > limit {
                failure = StatFileReader.tooLarge(path: path, rows: expected, columns: columns.count, limit: limit, options: options)
                return Int32(READSTAT_HANDLER_ABORT)
            }
        }
        columns[j].pad(to: row)
        guard columns[j].count == row else { return Int32(READSTAT_HANDLER_OK) }
        if readstat_value_is_missing(value, variable) != 0 {
            if readstat_value_is_tagged_missing(value) != 0 { columns[j].taggedMissing += 1 }
            else if readstat_value_is_defined_missing(value, variable) != 0 { columns[j].userMissing += 1 }
            if columns[j].isString { columns[j].codes.append(-1) } else { columns[j].numbers.append(.nan) }
            return Int32(READSTAT_HANDLER_OK)
        }
        if columns[j].isString {
            columns[j].append(text: readstat_string_value(value).map { String(cString: $0) })
        } else {
            var number = Self.number(value)
            if let temporal = columns[j].temporal { number = temporal.convert(number, from: format) }
            columns[j].numbers.append(number)
        }
        return Int32(READSTAT_HANDLER_OK)
    }

    func valueLabel(set: String, value: readstat_value_t, label: String) -> Int32 {
        // Labels of tagged missing values (".a = refused") have nothing to label: those values are missing.
        guard value.is_tagged_missing == 0, value.is_system_missing == 0 else { return Int32(READSTAT_HANDLER_OK) }
        if readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING {
            if let key = readstat_string_value(value) { labelSets[set, default: StatFileValueLabels()].byText[String(cString: key)] = label }
        } else {
            labelSets[set, default: StatFileValueLabels()].byNumber[Self.number(value)] = label
        }
        return Int32(READSTAT_HANDLER_OK)
    }

    /// A numeric cell as a double (every ReadStat numeric type converts exactly).
    static func number(_ value: readstat_value_t) -> Double {
        switch readstat_value_type(value) {
        case READSTAT_TYPE_INT8: Double(readstat_int8_value(value))
        case READSTAT_TYPE_INT16: Double(readstat_int16_value(value))
        case READSTAT_TYPE_INT32: Double(readstat_int32_value(value))
        case READSTAT_TYPE_FLOAT: Double(readstat_float_value(value))
        default: readstat_double_value(value)
        }
    }
}
