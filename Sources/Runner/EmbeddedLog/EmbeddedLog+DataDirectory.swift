import StreamrunEngine

extension EmbeddedLog {
    /// Opens the embedded log of a data directory (`DATA/log`) as every streamrun command must, so
    /// that whichever of them cleans it keeps the commit markers' barriers.
    public static func opening(dataDirectory: String) throws -> EmbeddedLog {
        try EmbeddedLog(
            directory: "\(dataDirectory)/log",
            options: EmbeddedLogOptions(compactionBarrierKeys: CommitMarker.compactionBarrierKeys))
    }
}
