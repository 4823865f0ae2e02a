import StreamrunEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive flock on `<dir>/.lock`, so two logs never write one data directory.
// @unchecked Sendable: `fd` changes only in init and in `release()`, which EmbeddedLog.close() calls at most once
// (its `closed` flag, under its lock), and deinit.
final class DirectoryLock: @unchecked Sendable {
    private var fd: Int32

    init(directory: String) throws {
        let path = directory + "/.lock"
        fd = try LogFileIO.open(path, O_RDWR | O_CREAT)
        // A process spawned by this one at the wrong moment holds the lock until its exec closes the
        // inherited descriptor: retry briefly before calling the directory busy.
        var attempts = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            attempts += 1
            if code == EWOULDBLOCK && attempts < 100 {
                usleep(10_000)
                continue
            }
            close(fd)
            if code == EWOULDBLOCK {
                throw StreamrunError("embedded log: data directory \(directory) is in use by another EmbeddedLog")
            }
            throw LogFileIO.error("cannot lock", path, code)
        }
    }

    /// Whether an open log (in this process or another) holds the lock of `directory` now.
    static func isHeld(directory: String) -> Bool {
        let path = directory + "/.lock"
        guard LogFileIO.exists(path), let fd = try? LogFileIO.open(path, O_RDWR) else { return false }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return true }
        flock(fd, LOCK_UN)
        return false
    }

    func release() {
        guard fd >= 0 else { return }
        close(fd)  // also drops the flock
        fd = -1
    }

    deinit { release() }
}
