import Testing

@testable import StreamrunEngine

/// Where the task manager's tasks stand, on its own: each event's action, and what `/ready` says.
@Suite struct TaskManagerStateMachineTests {
    typealias Machine = TaskManager.StateMachine
    let a = TaskId(subtopology: 0, partition: 0)
    let b = TaskId(subtopology: 0, partition: 1)

    @Test func itIsSettledOnlyOnceTheGroupAssignedAndEveryTaskRuns() {
        var machine = Machine()
        #expect(machine.unsettledReason(readsNothing: false) == "waiting for the group to assign partitions")
        #expect(machine.isSettled(readsNothing: true))
        machine.restoring([a, b])
        machine.assignmentApplied()
        #expect(machine.unsettledReason(readsNothing: false) == "stores are being restored")
        #expect(machine.opened(a) == .none)
        #expect(!machine.isSettled(readsNothing: false))
        #expect(machine.opened(b) == .none)
        #expect(machine.isSettled(readsNothing: false))
    }

    @Test func aTaskThatFailsToOpenPausesItsInputsOnceAndIsRetriedWithGrowingBackoff() {
        var machine = Machine()
        machine.restoring([a])
        #expect(machine.openFailed(a, reason: "locked", now: 0) == .pauseInputs)
        machine.assignmentApplied()
        #expect(
            machine.unsettledReason(readsNothing: false) == "task 0_0 could not be opened (attempt 1, retrying): locked"
        )
        #expect(machine.reopening(now: 499) == [])
        #expect(machine.reopening(now: 500) == [a])
        #expect(machine.unsettledReason(readsNothing: false) == "stores are being restored")
        #expect(machine.openFailed(a, reason: "still locked", now: 500) == .none)
        #expect(machine.reopening(now: 1_499) == [])
        #expect(machine.reopening(now: 1_500) == [a])
        #expect(machine.opened(a) == .resumeInputs(afterAttempts: 2))
        #expect(machine.isSettled(readsNothing: false))
    }

    @Test func aTaskThatFailsWhileRunningWaitsToReopenFromItsLastCommit() {
        var machine = Machine()
        machine.restoring([a])
        _ = machine.opened(a)
        machine.assignmentApplied()
        #expect(machine.runFailed(a, reason: "sink down", now: 0, attempts: 3) == .pauseInputs)
        #expect(
            machine.unsettledReason(readsNothing: false)
                == "task 0_0 failed and reopens from its last commit (attempt 3, retrying): sink down")
        #expect(machine.reopening(now: 1_999) == [])
        #expect(machine.reopening(now: 2_000) == [a])
        #expect(machine.opened(a) == .resumeInputs(afterAttempts: 3))
    }

    @Test func aRevokedTaskIsForgottenWhateverItsState() {
        var machine = Machine()
        machine.restoring([a, b])
        _ = machine.opened(a)
        _ = machine.openFailed(b, reason: "locked", now: 0)
        machine.assignmentApplied()
        machine.removed(b)
        #expect(machine.isSettled(readsNothing: false))
        #expect(machine.reopening(now: 10_000) == [])
        machine.removed(a)
        #expect(machine.tasks.isEmpty)
    }
}
