#include "goro/goexit.hpp"

#include "goro/detail/scheduling.hpp"

namespace goro {

void goexit() {
    detail::current_core();  // throws outside a goroutine
    throw GoexitUnwind{};
}

}  // namespace goro
