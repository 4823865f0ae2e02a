import StreamrunEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin POSIX file helpers for the embedded log; every failure becomes a `StreamrunError`.
enum LogFileIO {
    static func error(_ what: String, _ path: String, _ code: Int32 = errno) -> StreamrunError {
        StreamrunError("embedded log: \(what) \(path): \(String(cString: strerror(code)))")
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        while true {
            #if canImport(Glibc)
                let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            #else
                let fd = Darwin.open(path, flags | O_CLOEXEC, mode)
            #endif
            if fd >= 0 { return fd }
            if errno != EINTR { throw error("cannot open", path) }
        }
    }

    /// Writes all of `count` bytes at `position`.
    static func pwriteAll(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int, at position: Int64, path: String) throws
    {
        var done = 0
        while done < count {
            let n = pwrite(fd, bytes + done, count - done, off_t(position) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw error("cannot write", path)
            }
            done += n
        }
    }

    /// Reads up to `count` bytes at `position`; fewer only at the end of the file.
    static func preadFully(
        _ fd: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int, at position: Int64, path: String
    ) throws -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, bytes + done, count - done, off_t(position) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw error("cannot read", path)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Makes the data of `fd` durable (fdatasync; F_FULLFSYNC on Darwin).
    static func syncData(_ fd: Int32, path: String) throws {
        #if canImport(Darwin)
            let result = fcntl(fd, F_FULLFSYNC) == 0 ? 0 : fsync(fd)
        #else
            let result = fdatasync(fd)
        #endif
        if result != 0 { throw error("cannot sync", path) }
    }

    static func truncate(_ fd: Int32, to size: Int64, path: String) throws {
        if ftruncate(fd, off_t(size)) != 0 { throw error("cannot truncate", path) }
    }

    static func fileSize(_ fd: Int32, path: String) throws -> Int64 {
        var info = stat()
        if fstat(fd, &info) != 0 { throw error("cannot stat", path) }
        return Int64(info.st_size)
    }

    /// The modification time of `fd`, in milliseconds since the epoch.
    static func modificationTime(_ fd: Int32, path: String) throws -> Int64 {
        var info = stat()
        if fstat(fd, &info) != 0 { throw error("cannot stat", path) }
        #if canImport(Darwin)
            let time = info.st_mtimespec
        #else
            let time = info.st_mtim
        #endif
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Sets the modification (and access) time of `fd`, in milliseconds since the epoch.
    static func setModificationTime(_ fd: Int32, _ milliseconds: Int64, path: String) throws {
        let time = timespec(tv_sec: Int(milliseconds / 1000), tv_nsec: Int((milliseconds % 1000) * 1_000_000))
        var times = [time, time]
        if futimens(fd, &times) != 0 { throw error("cannot set the modification time of", path) }
    }

    /// Deletes `path`; a file that is already gone is not an error.
    static func remove(_ path: String) throws {
        #if canImport(Glibc)
            let result = Glibc.unlink(path)
        #else
            let result = Darwin.unlink(path)
        #endif
        if result != 0 && errno != ENOENT { throw error("cannot delete", path) }
    }

    static func move(_ from: String, to: String) throws {
        #if canImport(Glibc)
            let result = Glibc.rename(from, to)
        #else
            let result = Darwin.rename(from, to)
        #endif
        if result != 0 { throw error("cannot rename \(from) to", to) }
    }

    /// fsyncs a directory so that entries created or renamed in it survive a crash.
    static func syncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        if fsync(fd) != 0 { throw error("cannot sync directory", path) }
    }

    /// Creates `path` (and missing parents); true when it was created.
    @discardableResult
    static func makeDirectory(_ path: String) throws -> Bool {
        var info = stat()
        if stat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw StreamrunError("embedded log: \(path) is not a directory")
            }
            return false
        }
        let parent = parentDirectory(path)
        if parent != path, !parent.isEmpty { try makeDirectory(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw error("cannot create directory", path) }
        if !parent.isEmpty { try syncDirectory(parent) }
        return true
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The names in a directory (without "." and "..").
    static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw error("cannot list", path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Replaces `path` with `bytes` atomically and durably: temp file, fsync, rename, fsync dir.
    static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
        let temp = path + ".tmp"
        let fd = try open(temp, O_WRONLY | O_CREAT | O_TRUNC)
        do {
            if !bytes.isEmpty {
                try bytes.withUnsafeBytes { try pwriteAll(fd, $0.baseAddress!, $0.count, at: 0, path: temp) }
            }
            if fsync(fd) != 0 { throw error("cannot sync", temp) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        if rename(temp, path) != 0 { throw error("cannot rename", temp) }
        try syncDirectory(parentDirectory(path))
    }

    /// The whole contents of `path`, or nil when it does not exist.
    static func read(_ path: String) throws -> [UInt8]? {
        guard exists(path) else { return nil }
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        let size = Int(try fileSize(fd, path: path))
        if size == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: size)
        let n = try bytes.withUnsafeMutableBytes { try preadFully(fd, $0.baseAddress!, size, at: 0, path: path) }
        return Array(bytes.prefix(n))
    }
}
