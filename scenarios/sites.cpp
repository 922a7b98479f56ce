#include "scenarios/sites.hpp"

#include <stdexcept>
#include <string>

#include "scenarios/scenario.hpp"

namespace gorama {

void SiteList::resolve(const GoListing& listing) {
    for (Site* site : m_sites)
        site->m_line = listing.site(site->m_name);  // throws for a Site without a marker
    for (const auto& [name, line] : listing.sites) {
        bool used = false;
        for (const Site* site : m_sites)
            used = used || site->m_name == name;
        if (!used) {
            throw std::logic_error("gorama: the Go listing's marker //@ " + name + " (line " +
                                   std::to_string(line) + ") has no Site in its scenario");
        }
    }
}

}  // namespace gorama
