// Number conversion alone, on one thread: every field of a numeric CSV (after the header) through
// `FastFloat.scan` and `FastFloat.value`, as the reader's hot path calls them. Built by
// bench_fastfloat.sh together with Sources/GlassboxTabular/FastFloat*.swift (seconds, where a
// release build of the package takes minutes), so a change to the number parser can be timed and
// checked (the checksum of every double's bits must not change) before it goes into the reader.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

guard CommandLine.arguments.count == 2 else {
    print("usage: fastfloat-bench FILE.csv   (every field after the header must be a number)")
    exit(64)
}
let fd = open(CommandLine.arguments[1], O_RDONLY)
guard fd >= 0 else { print("cannot open \(CommandLine.arguments[1])"); exit(66) }
var info = stat()
fstat(fd, &info)
let size = Int(info.st_size)
guard size > 0, let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapping != MAP_FAILED else {
    print("cannot map \(CommandLine.arguments[1])")
    exit(66)
}
let text = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
for i in stride(from: 0, to: size, by: 4096) { _ = text[i] }   // page in before timing
var pos = 0
while pos < size && text[pos] != 10 { pos += 1 }
pos += 1

let capacity = size / 2 + 1
let values = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
let tables = FastFloat.Tables()
var count = 0
var failures = 0
var start = timespec()
clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
while pos < size {
    var number = FastFloat.Decimal()
    let end = FastFloat.scan(text, from: pos, end: size, integerPowers: tables.integerPowers, into: &number)
    if end >= 0, end < size, text[end] == 44 || text[end] == 10 || text[end] == 13,
       case .value(let v) = FastFloat.value(of: number, text: text, end: end, tables: tables) {
        values[count] = v
        count += 1
        pos = end + (text[end] == 13 && end + 1 < size && text[end + 1] == 10 ? 2 : 1)
    } else {
        failures += 1
        while pos < size && text[pos] != 44 && text[pos] != 10 { pos += 1 }
        pos += 1
    }
}
var stop = timespec()
clock_gettime(CLOCK_THREAD_CPUTIME_ID, &stop)
let seconds = Double(stop.tv_sec - start.tv_sec) + Double(stop.tv_nsec - start.tv_nsec) * 1e-9
var checksum: UInt64 = 0
for k in 0..<count { checksum = (checksum &* 0x100_0000_01B3) ^ values[k].bitPattern }
/// `x` with `digits` decimals (no Foundation in this driver).
func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((x * scale).rounded())
    let fraction = String(scaled % Int(scale))
    return "\(scaled / Int(scale))." + String(repeating: "0", count: digits - fraction.count) + fraction
}
let perField = seconds / Double(max(1, count)) * 1e9
print("fields \(count), not numbers \(failures), CPU \(fixed(seconds, 3)) s, \(fixed(perField, 1)) ns per field, "
      + "checksum \(String(checksum, radix: 16))")
