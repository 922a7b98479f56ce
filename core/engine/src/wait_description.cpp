// Names what a parked goroutine waits on, for deadlock and leak reports.
#include "goro/detail/chan_base.hpp"
#include "goro/select.hpp"
#include "goroutine.hpp"

namespace goro::detail {

std::string describe_wait_object(const G* g) {
    switch (g->reason) {
        case BlockReason::ChanSend:
        case BlockReason::ChanRecv:
            return static_cast<const ChanBase*>(g->waits_on)->name();
        case BlockReason::Select: {
            std::string names;
            for (const SelectCaseDesc& c : static_cast<const SelectOp*>(g->waits_on)->cases()) {
                if (!c.chan) continue;
                if (!names.empty()) names += ", ";
                names += c.chan->name();
            }
            return names;
        }
        case BlockReason::NilChanSend:
        case BlockReason::NilChanRecv:
            return "nil channel";
        default:
            return {};
    }
}

}  // namespace goro::detail
