// The places in a scenario's Go listing that its events point at, each named by its `//@`
// marker. describe.cmake generates one Site per marker of the listing, in the form
//
//   SiteList sites;
//   namespace site {
//   Site take_job{sites, "take job"};  // the listing's line that ends in `//@ take job`
//   }
//
// and the program calls `goro::at(site::take_job)`. The build fails if a marker is never used
// or a used site has no marker; DescribedScenario also resolves the SiteList against the
// listing when the scenario is made, and throws std::logic_error, naming the site, if a Site
// has no marker or a marker has no Site.
#pragma once

#include <string_view>
#include <vector>

#include "goro/types.hpp"

namespace gorama {

struct GoListing;
class Site;

class SiteList {
  public:
    // Gives every Site its line in `listing`; throws std::logic_error on a mismatch.
    void resolve(const GoListing& listing);

  private:
    friend class Site;
    std::vector<Site*> m_sites;
};

// A site is made during static initialisation and resolved once, before any goroutine reads it.
class Site {
  public:
    Site(SiteList& list, std::string_view name) : m_name(name) { list.m_sites.push_back(this); }
    Site(const Site&) = delete;
    Site& operator=(const Site&) = delete;

    operator goro::SiteId() const { return m_line; }  // NOLINT: reads as the line it names
    std::string_view name() const { return m_name; }

  private:
    friend class SiteList;
    std::string_view m_name;
    goro::SiteId m_line = 0;
};

}  // namespace gorama
