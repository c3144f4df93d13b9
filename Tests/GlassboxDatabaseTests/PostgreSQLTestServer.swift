import Foundation
import GlassboxTabular
import GlassboxTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away PostgreSQL 15 server for the test run: `initdb` on a temporary directory, `pg_ctl start`
/// listening only on a Unix socket in that directory (no TCP port, so parallel runs cannot clash), as the
/// `postgres` user through `runuser` when the tests run as root (initdb refuses root). Started once, on
/// first use, and stopped (`pg_ctl stop -m immediate`) and removed when the test process exits.
///
/// Roles: `postgres` (trust over the socket) and `analyst`, who must log in with the password
/// ``analystPassword`` (scram-sha-256), for the tests that check a password never leaks.
final class PostgreSQLTestServer: Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"
    static let analystPassword = "s3cret-Pa55-\(UInt32.random(in: 100_000...999_999))"

    /// The shared server, or why there is none (the tests then skip with that message).
    static let shared: Result<PostgreSQLTestServer, ServerUnavailable> = {
        guard FileManager.default.isExecutableFile(atPath: binaries + "/initdb") else {
            return .failure(ServerUnavailable(description: "PostgreSQL 15 is not installed (\(binaries) is absent): scripts/install-system-packages.sh --for-tests installs it"))
        }
        do { return .success(try PostgreSQLTestServer()) } catch {
            return .failure(ServerUnavailable(description: "cannot start the test PostgreSQL server: \(error)"))
        }
    }()

    struct ServerUnavailable: Error, CustomStringConvertible { let description: String }

    /// Holds the socket, the data directory (`data`) and the server log.
    let directory: String

    /// A connection URL for `database` as `user` (over the socket; libpq reads the password elsewhere).
    func url(database: String = "glassbox", user: String = "postgres") -> String {
        "postgresql://\(user)@/\(database)?host=\(directory)"
    }

    private init() throws {
        var template = Array("/tmp/glassbox-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ServerUnavailable(description: "mkdtemp failed") }
        directory = String(cString: made)
        let asRoot = geteuid() == 0
        if asRoot {
            guard let user = getpwnam("postgres") else {
                throw ServerUnavailable(description: "running as root but there is no 'postgres' user to run the server as")
            }
            chown(directory, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        PostgreSQLTestServer.stopDirectory = directory
        atexit {
            guard let directory = PostgreSQLTestServer.stopDirectory else { return }
            _ = try? PostgreSQLTestServer.runAsServerUser([PostgreSQLTestServer.binaries + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(atPath: directory)
        }
        try Self.runAsServerUser([Self.binaries + "/initdb", "-D", directory + "/data", "-U", "postgres", "-E", "UTF8",
                                  "--locale=C", "--no-sync", "--auth-local=trust"])
        // First match wins: the analyst must give a password, everyone else is trusted.
        let hba = "local all analyst scram-sha-256\nlocal all all trust\n"
        try Self.runAsServerUser(["/bin/sh", "-c", "printf '\(hba.replacingOccurrences(of: "\n", with: "\\n"))' > '\(directory)/data/pg_hba.conf'"])
        try Self.runAsServerUser([Self.binaries + "/pg_ctl", "-D", directory + "/data", "-l", directory + "/server.log", "-w",
                                  "-o", "-k \(directory) -c listen_addresses='' -F", "start"])
        try psql("CREATE DATABASE glassbox", database: "postgres")
        try psql("CREATE ROLE analyst LOGIN PASSWORD '\(Self.analystPassword)'; GRANT pg_read_all_data TO analyst")
    }

    nonisolated(unsafe) private static var stopDirectory: String?

    /// Runs `arguments` as the `postgres` user when we are root, else as ourselves; throws on failure.
    /// Spawned directly (`posix_spawn`, every descriptor above 2 close-on-exec, output to a file), not with
    /// Foundation's `Process`: the server `pg_ctl start` leaves running would inherit the descriptor
    /// `Process` watches for the child's exit, and the wait would never end.
    static func runAsServerUser(_ arguments: [String]) throws {
        let command = geteuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("glassbox-pg-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours may reach the server (a test's output pipe would never see its end).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let fd = Int32(name), fd > 2 { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw ServerUnavailable(description: "cannot run \(command[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw ServerUnavailable(description: "\(arguments[0].split(separator: "/").last ?? "") failed (status \(status)): \(output)")
        }
    }

    /// Runs SQL with psql as `postgres`; `input` is fed to its standard input (for `COPY … FROM STDIN`).
    @discardableResult
    func psql(_ sql: String, database: String = "glassbox", input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binaries + "/psql")
        process.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-U", "postgres", "-d", database, "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
        try process.run()
        let errData = err.fileHandleForReading.readAllRetryingInterrupts()
        let outData = out.fileHandleForReading.readAllRetryingInterrupts()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServerUnavailable(description: "psql failed: " + String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// Creates table `name` with the CSV's columns (numeric → double precision, categorical → text, as
    /// Glassbox reads the file) and loads the file with `COPY … FROM STDIN` (an empty field is NULL).
    func load(csv path: String, into name: String) throws {
        let table = try CSVReader.read(path: path).table
        let columns = zip(table.columnNames, table.columns).map { name, column -> String in
            if case .numeric = column { return "\"\(name)\" double precision" }
            return "\"\(name)\" text"
        }
        try psql("DROP TABLE IF EXISTS \"\(name)\"; CREATE TABLE \"\(name)\" (\(columns.joined(separator: ", ")))")
        try psql("COPY \"\(name)\" FROM STDIN WITH (FORMAT csv, HEADER)", input: path)
    }
}
