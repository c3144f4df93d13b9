/// Dates, date-times and times in a statistical-package file, recognised by the variable's display
/// format and converted to numbers with one documented unit whatever the package:
///
/// - a **date** becomes days since 1970-01-01;
/// - a **date-time** becomes seconds since 1970-01-01 00:00:00 (the files carry no time zone; read it as UTC);
/// - a **time of day** or duration stays seconds.
///
/// Epochs: Stata counts days (`%td`) and milliseconds (`%tc`, `%tC`) since 1960-01-01; SPSS counts
/// seconds since 1582-10-14 for dates and date-times; SAS counts days (dates) and seconds (date-times)
/// since 1960-01-01. Stata's weekly, monthly, quarterly, half-yearly and yearly formats (`%tw`, `%tm`,
/// `%tq`, `%th`, `%ty`) are left as the numbers Stata stores. See docs/stata-spss-sas.md.
enum StatFileTemporal: Equatable {
    case date
    case dateTime
    case time

    /// Days from 1960-01-01 to 1970-01-01 (Stata and SAS date epochs).
    static let days1960To1970 = 3653.0
    /// Seconds from 1960-01-01 to 1970-01-01.
    static let seconds1960To1970 = 315_619_200.0
    /// Seconds from 1582-10-14 (SPSS's epoch) to 1970-01-01.
    static let seconds1582To1970 = 12_219_379_200.0

    /// The kind of a variable with display `format` in a file of `format`, or nil for a plain number.
    init?(format: String, in fileFormat: StatFileFormat) {
        switch fileFormat {
        case .stata:
            var f = Substring(format)
            guard f.hasPrefix("%") else { return nil }
            f = f.dropFirst()
            if f.hasPrefix("-") { f = f.dropFirst() }
            if f.hasPrefix("tc") || f.hasPrefix("tC") { self = .dateTime }
            else if f.hasPrefix("td") || f.hasPrefix("d") { self = .date }
            else { return nil }
        case .spss:
            switch Self.name(of: format) {
            case "DATE", "ADATE", "EDATE", "SDATE", "JDATE", "QYR", "MOYR", "WKYR": self = .date
            case "DATETIME", "YMDHMS": self = .dateTime
            case "TIME", "DTIME", "MTIME": self = .time
            default: return nil
            }
        case .sas:
            let name = Self.name(of: format)
            switch name {
            case "DATETIME", "DATEAMPM", "E8601DT", "B8601DT", "IS8601DT", "NLDATM", "MDYAMPM": self = .dateTime
            case "TIME", "TIMEAMPM", "HHMM", "HOUR", "MMSS", "TOD", "E8601TM", "B8601TM", "IS8601TM", "NLTIME": self = .time
            case "DATE", "DAY", "WEEKDATE", "WEEKDATX", "WORDDATE", "WORDDATX", "MONYY", "YYMON", "MMYY", "YYMM",
                 "YYQ", "JULIAN", "NLDATE", "E8601DA", "B8601DA", "IS8601DA", "YEAR", "MONTH", "QTR", "WEEKDAY", "DOWNAME":
                self = .date
            default:
                // MMDDYY, DDMMYY and YYMMDD take a one-letter separator suffix (MMDDYYS, YYMMDDN…).
                if ["MMDDYY", "DDMMYY", "YYMMDD"].contains(where: name.hasPrefix) { self = .date } else { return nil }
            }
        }
    }

    /// A format's name without its width and decimals (`DATETIME20.3` → `DATETIME`), upper-cased.
    static func name(of format: String) -> String {
        var scalars = Substring(format.uppercased())
        while let last = scalars.last, last.isNumber || last == "." { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// `value` as stored by `fileFormat`, in Glassbox's unit for this kind. Whole-unit inputs give
    /// exact results: the epoch shift is done before any division.
    func convert(_ value: Double, from fileFormat: StatFileFormat) -> Double {
        switch (self, fileFormat) {
        case (.time, _): value
        case (.date, .stata), (.date, .sas): value - Self.days1960To1970
        case (.dateTime, .stata): (value - Self.seconds1960To1970 * 1000) / 1000
        case (.dateTime, .sas): value - Self.seconds1960To1970
        case (.date, .spss): (value - Self.seconds1582To1970) / 86_400
        case (.dateTime, .spss): value - Self.seconds1582To1970
        }
    }

    /// The unit, for warnings and docs.
    var unit: String {
        switch self {
        case .date: "days since 1970-01-01"
        case .dateTime: "seconds since 1970-01-01 00:00:00"
        case .time: "seconds"
        }
    }
}
