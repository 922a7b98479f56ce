#include "scenarios/knobs.hpp"

namespace gorama {

std::size_t KnobList::add(ParamSpec spec) {
    m_specs.push_back(std::move(spec));
    return m_specs.size() - 1;
}

}  // namespace gorama
