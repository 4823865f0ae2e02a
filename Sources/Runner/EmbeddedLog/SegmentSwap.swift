import Foundation

/// Replaces a run of segments with one compacted segment so that a crash at any point leaves
/// either all the old segments or the new one (Kafka's `.cleaned` / `.swap` files):
///
/// 1. the compacted records are written to `<base>.log.cleaned` and fdatasynced;
/// 2. it is renamed to `<base>-<upto>.swap` and the directory fsynced: the commit point;
/// 3. every `.log` with a base offset in `[base, upto)` but `base` itself is deleted, then the
///    swap file is renamed over `<base>.log`, and the directory fsynced.
///
/// On open, `recover` deletes `.cleaned` files (the old segments are intact) and finishes step 3
/// for `.swap` files, whose name carries the replaced range, so recovery never has to guess.
enum SegmentSwap {
    static let cleanedSuffix = ".cleaned"
    static let swapSuffix = ".swap"

    /// `<20-digit base>-<20-digit upto><suffix>`.
    static func fileName(base: Int64, upto: Int64, suffix: String) -> String {
        String(LogSegment.fileName(baseOffset: base).dropLast(4)) + "-"
            + String(LogSegment.fileName(baseOffset: upto).dropLast(4)) + suffix
    }

    /// The range named by a `.swap` file name.
    static func range(fileName: String, suffix: String) -> (base: Int64, upto: Int64)? {
        guard fileName.hasSuffix(suffix) else { return nil }
        let stem = fileName.dropLast(suffix.count)
        let parts = stem.split(separator: "-")
        guard parts.count == 2, parts[0].count == 20, parts[1].count == 20,
            let base = Int64(parts[0]), let upto = Int64(parts[1]), base < upto
        else { return nil }
        return (base, upto)
    }

    /// Step 2 and 3: commits the synced `cleanedPath` as the replacement of the `.log` files with
    /// base offsets `replaced` (ascending, the first being `base`).
    static func commit(directory: String, cleanedPath: String, base: Int64, upto: Int64, replaced: [Int64]) throws {
        let swapPath = directory + "/" + fileName(base: base, upto: upto, suffix: swapSuffix)
        try LogFileIO.move(cleanedPath, to: swapPath)
        try LogFileIO.syncDirectory(directory)
        try finish(directory: directory, swapPath: swapPath, base: base, replaced: replaced)
    }

    /// Step 3, also run by recovery.
    private static func finish(directory: String, swapPath: String, base: Int64, replaced: [Int64]) throws {
        for old in replaced where old != base {
            try LogFileIO.remove(directory + "/" + LogSegment.fileName(baseOffset: old))
        }
        try LogFileIO.move(swapPath, to: directory + "/" + LogSegment.fileName(baseOffset: base))
        try LogFileIO.syncDirectory(directory)
    }

    /// Deletes the segments `bases` whose records compaction removed entirely. Any prefix of the
    /// deletions is a consistent log (only superseded records or expired tombstones go).
    static func delete(directory: String, bases: [Int64]) throws {
        for base in bases { try LogFileIO.remove(directory + "/" + LogSegment.fileName(baseOffset: base)) }
        try LogFileIO.syncDirectory(directory)
    }

    /// Cleans up after a crash in the middle of a swap; `log` hears what was done.
    static func recover(directory: String, log: (String) -> Void) throws {
        let names = try LogFileIO.list(directory)
        var changed = false
        for name in names where name.hasSuffix(cleanedSuffix) || name.hasSuffix(".tmp") {
            try LogFileIO.remove(directory + "/" + name)
            log("deleted \(name), left by an interrupted compaction or write (the original files are intact)")
            changed = true
        }
        let bases = names.compactMap(LogSegment.baseOffset(fileName:))
        for name in names {
            guard let range = range(fileName: name, suffix: swapSuffix) else { continue }
            let replaced = bases.filter { $0 >= range.base && $0 < range.upto }
            try finish(directory: directory, swapPath: directory + "/" + name, base: range.base, replaced: replaced)
            log("completed the interrupted swap of compacted segment \(name) (replacing \(replaced.count) segments)")
        }
        if changed { try LogFileIO.syncDirectory(directory) }
    }
}
