import Foundation
import GlassboxTestSupport

/// The social-pressure experiment (Gerber, Green & Larimer 2008) from `../shared/data` or
/// `$GLASSBOX_DATA_DIR`; tests that use it skip when it is absent.
enum SocialPressureData {
    static var path: String {
        Repository.sharedDataDirectory + "/social-pressure.csv"
    }
    static var available: Bool { FileManager.default.fileExists(atPath: path) }

    /// Writes the Neighbors and Control rows with the derived columns `neighbors`, `age = 2006 − yearofbirth`
    /// and `female` (the plain CSV has no quoting) and returns the file's path.
    static func writeNeighborsVersusControl(to dir: Scratch, name: String = "neighbors.csv") throws -> String {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let index = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        var out = "primary2006,neighbors,primary2004,age,female,hhsize\n"
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let message = f[index["messages"]!]
            guard message == "Neighbors" || message == "Control" else { continue }
            let age = 2006 - Int(Double(f[index["yearofbirth"]!])!)
            out += "\(f[index["primary2006"]!]),\(message == "Neighbors" ? 1 : 0),\(f[index["primary2004"]!]),\(age),"
                + "\(f[index["sex"]!] == "female" ? 1 : 0),\(f[index["hhsize"]!])\n"
        }
        return try dir.write(name, out)
    }
}
