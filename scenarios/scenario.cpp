#include "scenarios/scenario.hpp"

#include <stdexcept>

namespace gorama {

bool glob_match(std::string_view pattern, std::string_view name) {
    // Iterative wildcard matching: on a mismatch, let the last '*' take one more character.
    std::size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
    while (n < name.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = n;
        } else if (p < pattern.size() && pattern[p] == name[n]) {
            ++p;
            ++n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

const RoleSpec* role_of(const std::vector<RoleSpec>& roles, std::string_view name, bool channel) {
    for (const RoleSpec& r : roles) {
        const bool kind_fits = r.role == Role::Plumbing || (r.role == Role::Queue) == channel;
        if (kind_fits && glob_match(r.match, name)) return &r;
    }
    return nullptr;
}

bool is_plumbing(const std::vector<RoleSpec>& roles, std::string_view name, bool channel) {
    const RoleSpec* r = role_of(roles, name, channel);
    return r && r->role == Role::Plumbing;
}

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

std::vector<goro::SiteId> ScenarioInfo::work_site_ids() const {
    std::vector<goro::SiteId> out;
    for (const std::string& site : work_sites)
        out.push_back(listing.site(site));
    return out;
}

}  // namespace gorama
