#include "scenarios/scenario.hpp"

#include <stdexcept>

namespace gorama {

goro::SiteId GoListing::site(std::string_view name) const {
    for (const auto& [n, line] : sites) {
        if (n == name) return line;
    }
    throw std::out_of_range("gorama: the Go listing has no site named " + std::string(name));
}

std::size_t GoListing::line_count() const {
    std::size_t n = 0;
    for (char c : code)
        n += c == '\n';
    return n + (!code.empty() && code.back() != '\n');
}

GoListing GoListing::annotated(std::string_view text) {
    GoListing listing;
    goro::SiteId line = 1;
    std::size_t start = 0;
    if (!text.empty() && text.front() == '\n') start = 1;  // raw strings begin with a newline
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view row = text.substr(start, end - start);
        const std::size_t mark = row.find("//@");
        if (mark != std::string_view::npos) {
            std::string_view name = row.substr(mark + 3);
            while (!name.empty() && name.front() == ' ')
                name.remove_prefix(1);
            listing.sites.emplace_back(std::string(name), line);
            row = row.substr(0, mark);
            while (!row.empty() && row.back() == ' ')
                row.remove_suffix(1);
        }
        listing.code.append(row);
        listing.code.push_back('\n');
        ++line;
        start = end + 1;
    }
    return listing;
}

DescribedScenario::DescribedScenario(ScenarioInfo info, const KnobList& knobs,
                                     std::string_view go_source, SiteList& sites, Program program)
    : m_info(std::move(info)), m_program(program) {
    m_info.params = knobs.specs();
    m_info.listing = GoListing::annotated(go_source);
    sites.resolve(m_info.listing);
}

void DescribedScenario::start(goro::Runtime& rt, std::shared_ptr<const Params> params) const {
    rt.go_main(m_program(std::move(params)), "main");
}

}  // namespace gorama
