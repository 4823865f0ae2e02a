import Testing

@testable import StreamrunLog

/// The embedded log writer's lifecycle on its own, without a thread: each event's action and state.
@Suite struct LogWriterStateMachineTests {
    typealias Machine = LogWriter.StateMachine

    @Test func anIdleWriterIsWokenOnceForQueuedWork() {
        var machine = Machine()
        #expect(machine.nextStep(queued: false, chores: false) == .waitForWork)
        #expect(machine.state == .running(idle: true))
        #expect(machine.workQueued() == .wakeWriter)
        #expect(machine.workQueued() == .none)
        #expect(machine.nextStep(queued: true, chores: false) == .writeCycle)
        #expect(machine.workQueued() == .none)
    }

    @Test func choresRunBeforeTheNextCycle() {
        var machine = Machine()
        #expect(machine.nextStep(queued: true, chores: true) == .runChores)
        #expect(machine.nextStep(queued: true, chores: false) == .writeCycle)
    }

    @Test func aShutdownRefusesNewWorkAndDrainsWhatIsQueuedBeforeStopping() {
        var machine = Machine()
        #expect(machine.accepts)
        #expect(machine.shutdownRequested() == .wakeWriterAndWait)
        #expect(!machine.accepts && !machine.isStopped)
        #expect(machine.workQueued() == .none)
        #expect(machine.shutdownRequested() == .waitForWriter)
        #expect(machine.nextStep(queued: true, chores: true) == .runChores)
        #expect(machine.nextStep(queued: true, chores: false) == .writeCycle)
        #expect(!machine.isStopped)
        #expect(machine.nextStep(queued: false, chores: false) == .finish)
        #expect(machine.isStopped && !machine.accepts)
        #expect(machine.nextStep(queued: false, chores: false) == .finish)
        #expect(machine.shutdownRequested() == .none)
    }

    @Test func aShutdownOfAnIdleWriterWakesItToStop() {
        var machine = Machine()
        _ = machine.nextStep(queued: false, chores: false)
        #expect(machine.shutdownRequested() == .wakeWriterAndWait)
        #expect(machine.nextStep(queued: false, chores: false) == .finish)
        #expect(machine.isStopped)
    }
}
