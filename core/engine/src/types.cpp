// Go's words for the vocabulary types, in the events library (goro_events) that both the
// engine and its analysis link.
#include "goro/types.hpp"

namespace goro {

const char* block_reason_text(BlockReason reason) {
    switch (reason) {
        case BlockReason::None:
            return "runnable";
        case BlockReason::ChanSend:
            return "chan send";
        case BlockReason::ChanRecv:
            return "chan receive";
        case BlockReason::NilChanSend:
            return "chan send (nil chan)";
        case BlockReason::NilChanRecv:
            return "chan receive (nil chan)";
        case BlockReason::Select:
            return "select";
        case BlockReason::SelectEmpty:
            return "select (no cases)";
        case BlockReason::Sleep:
            return "sleep";
        case BlockReason::WaitGroup:
            return "semacquire";
        case BlockReason::Mutex:
        case BlockReason::RWMutexRLock:
        case BlockReason::RWMutexLock:
            return "semacquire";
        case BlockReason::CondWait:
            return "sync.Cond.Wait";
    }
    return "unknown";
}

const char* run_status_text(RunStatus status) {
    switch (status) {
        case RunStatus::Paused:
            return "paused";
        case RunStatus::Completed:
            return "completed";
        case RunStatus::Deadlock:
            return "deadlock";
        case RunStatus::Panicked:
            return "panicked";
        case RunStatus::Stopped:
            return "stopped";
        case RunStatus::Fatal:
            return "fatal error";
    }
    return "unknown";
}

const char* context_error_text(ContextError err) {
    switch (err) {
        case ContextError::None:
            return "";
        case ContextError::Canceled:
            return "context canceled";
        case ContextError::DeadlineExceeded:
            return "context deadline exceeded";
    }
    return "";
}

}  // namespace goro
