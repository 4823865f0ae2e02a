import Foundation
import StreamrunStores

/// A fresh directory under the system temp dir (see `withRocksTempDir`).
final class RocksTempDir: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rocks-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the directory (not created).
    func path(_ name: String = "db") -> String {
        url.appendingPathComponent(name).path
    }
}

/// Runs `body` with a fresh temp directory and removes it afterwards. Databases created inside
/// `body` are released (and so closed) by the time it returns, before the directory goes away.
func withRocksTempDir<R>(_ body: (RocksTempDir) throws -> R) throws -> R {
    let dir = try RocksTempDir()
    defer { dir.remove() }
    return try withExtendedLifetime(dir) { try body(dir) }
}

/// Small settings so tests stay light; a private cache so usage figures are per test.
func rocksTestSettings() -> RocksDBSettings {
    RocksDBSettings(blockCache: RocksBlockCache(capacityBytes: 8 << 20), writeBufferBytes: 1 << 20)
}

extension Array where Element == UInt8 {
    /// UTF-8 bytes of `string`.
    init(rocksUTF8 string: String) { self = Array(string.utf8) }

    /// Big-endian bytes of `value`.
    init(rocksBigEndian value: UInt32) {
        self = [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }
}

extension UnsafeRawBufferPointer {
    /// The first four bytes as a big-endian UInt32.
    var rocksBigEndianUInt32: UInt32 {
        (UInt32(self[0]) << 24) | (UInt32(self[1]) << 16) | (UInt32(self[2]) << 8) | UInt32(self[3])
    }
}

/// A 16-byte key for index `i`: "key-" followed by 12 zero-padded decimal digits.
func rocksKey(_ i: Int) -> [UInt8] {
    let digits = String(i)
    return Array("key-".utf8) + Array(repeating: UInt8(ascii: "0"), count: 12 - digits.count) + Array(digits.utf8)
}
