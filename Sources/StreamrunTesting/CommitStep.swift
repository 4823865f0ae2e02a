import Foundation
import StreamrunEngine

/// The steps of a commit, as the stream thread takes them (`StreamThread.commit`), named for
/// where a crash can cut it short: `TopologyTestDriver.crash(at:)` runs a commit and kills the
/// instance right after the step.
public enum CommitStep: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The caches were flushed into the producer (and external sinks were written), but nothing
    /// of the commit reached the log.
    case beforeFlush = "before-flush"
    /// The changelog records (and the outputs of tables) are in the log; no commit marker yet.
    case afterFlush = "after-flush"
    /// The commit markers are in every changelog; the local state does not have the commit yet.
    case afterMarkers = "after-markers"
    /// The local state (stores, applied offsets, checkpoints) has the commit; the group's offsets do not.
    case afterStateCommit = "after-state-commit"
    /// The group's offsets are committed too: the commit is complete.
    case afterOffsetCommit = "after-offset-commit"

    public var description: String { rawValue }

    /// Whether a crash at this step happens in a producer flush whose queue holds commit markers
    /// or not (the commit's first flush holds the changelog records, the second its markers):
    /// nil when it does not happen in that flush; true when the queued records reach the log first.
    func crashesInFlush(carryingMarkers: Bool) -> Bool? {
        switch self {
        case .beforeFlush: false
        case .afterFlush: carryingMarkers ? false : nil
        case .afterMarkers: carryingMarkers ? true : nil
        case .afterStateCommit, .afterOffsetCommit: nil
        }
    }
}

/// A crash waiting for a member's next commit to reach its step.
struct ArmedCrash {
    let member: String
    let step: CommitStep
    var fired = false
}

/// What an instance's process dying looks like from inside the commit it cut short.
struct SimulatedCrash: Error, CustomStringConvertible {
    let step: CommitStep
    let member: String
    var description: String { "\(member) crashed \(step.rawValue.replacingOccurrences(of: "-", with: " "))" }
}
