import StreamrunEngine

extension EmbeddedLog {
    /// Opens the embedded log of a data directory (`DATA/log`) as every streamrun command must, so
    /// that whichever of them cleans it keeps the commit markers' barriers.
    public static func opening(dataDirectory: String, backgroundCleaning: Bool = true) throws -> EmbeddedLog {
        try EmbeddedLog(directory: "\(dataDirectory)/log",
                        options: EmbeddedLogOptions(backgroundCleaning: backgroundCleaning,
                                                    compactionBarrierKeys: CommitMarker.compactionBarrierKeys))
    }
}
