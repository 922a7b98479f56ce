// The scenario frame: typed knobs read what the panel and the command line set, and sites tie
// a program to its Go listing's `//@` markers, refusing any mismatch when a scenario is made.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

#include "scenarios/knobs.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/sites.hpp"

namespace {

using namespace std::chrono_literals;
using gorama::Params;

const char* const kListing = R"GO(
package main

func main() {
	jobs := make(chan int) //@ make jobs
	jobs <- 1 //@ send job
}
)GO";

TEST(Knobs, TheKnobsTypeSetsItsKindAndItsPlaceIsItsIndex) {
    gorama::KnobList knobs;
    const gorama::IntKnob workers{knobs, {.name = "workers", .min = 1, .max = 8, .def = 3}};
    const gorama::DurationKnob work_time{knobs,
                                         {.name = "work_time", .min = 1, .max = 1e4, .def = 250}};
    const gorama::RealKnob jitter{knobs, {.name = "jitter", .min = 0, .max = 1, .def = 0.25}};
    const gorama::BoolKnob fix{knobs, {.name = "fix", .min = 0, .max = 1, .def = 0}};
    const gorama::ChoiceKnob mode{
        knobs, {.name = "mode", .min = 0, .max = 1, .def = 1, .choices = {"allow", "wait"}}};
    ASSERT_EQ(knobs.specs().size(), 5u);
    EXPECT_EQ(knobs.specs()[0].kind, gorama::ParamKind::Int);
    EXPECT_EQ(knobs.specs()[1].kind, gorama::ParamKind::Duration);
    EXPECT_EQ(knobs.specs()[2].kind, gorama::ParamKind::Real);
    EXPECT_EQ(knobs.specs()[3].kind, gorama::ParamKind::Bool);
    EXPECT_EQ(knobs.specs()[4].kind, gorama::ParamKind::Choice);
    EXPECT_EQ(work_time.index(), 1u);

    const auto p = std::make_shared<Params>(knobs.specs());
    EXPECT_EQ(workers(p), 3);
    EXPECT_EQ(work_time(p), 250ms);
    EXPECT_DOUBLE_EQ(jitter(p), 0.25);
    EXPECT_FALSE(fix(p));
    EXPECT_EQ(mode(p), 1u);

    std::string error;
    ASSERT_TRUE(p->set_text("workers=7", error)) << error;
    ASSERT_TRUE(p->set_text("work_time=1.5s", error)) << error;
    ASSERT_TRUE(p->set_text("fix=true", error)) << error;
    ASSERT_TRUE(p->set_text("mode=allow", error)) << error;
    EXPECT_EQ(workers(p), 7);
    EXPECT_EQ(work_time(p), 1500ms);
    EXPECT_TRUE(fix(p));
    EXPECT_EQ(mode(p), 0u);
}

TEST(Knobs, AKnobReadFromAnotherScenariosParamsIsRefused) {
    gorama::KnobList knobs;
    const gorama::IntKnob first{knobs, {.name = "first", .max = 9}};
    const gorama::IntKnob second{knobs, {.name = "second", .max = 9}};
    gorama::KnobList other;
    const gorama::IntKnob only{other, {.name = "only", .max = 9}};
    const Params p(other.specs());
    EXPECT_EQ(only(p), 0);
    EXPECT_THROW(second(p), std::out_of_range);
}

TEST(Sites, EachSiteGetsTheLineOfItsMarker) {
    gorama::SiteList sites;
    gorama::Site make_jobs{sites, "make jobs"}, send_job{sites, "send job"};
    sites.resolve(gorama::GoListing::annotated(kListing));
    EXPECT_EQ(static_cast<goro::SiteId>(make_jobs), 4u);
    EXPECT_EQ(static_cast<goro::SiteId>(send_job), 5u);
}

TEST(Sites, ASiteWithoutAMarkerIsRefusedByName) {
    gorama::SiteList sites;
    gorama::Site make_jobs{sites, "make jobs"}, send_job{sites, "send job"},
        close_jobs{sites, "close jobs"};
    try {
        sites.resolve(gorama::GoListing::annotated(kListing));
        FAIL() << "a site without a marker was accepted";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("close jobs"), std::string::npos) << e.what();
    }
}

TEST(Sites, AMarkerWithoutASiteIsRefusedByNameAndLine) {
    gorama::SiteList sites;
    gorama::Site make_jobs{sites, "make jobs"};
    try {
        sites.resolve(gorama::GoListing::annotated(kListing));
        FAIL() << "a marker without a site was accepted";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("//@ send job (line 5)"), std::string::npos)
            << e.what();
    }
}

TEST(Scenarios, EveryScenarioIsMadeWithItsSitesResolvedAndItsKnobsAsParams) {
    for (const gorama::Scenario* s : gorama::all_scenarios()) {
        const gorama::ScenarioInfo& info = s->info();
        EXPECT_FALSE(info.params.empty()) << info.name;
        EXPECT_FALSE(info.listing.sites.empty()) << info.name;
        for (const auto& [name, line] : info.listing.sites) {
            EXPECT_GE(line, 1u) << info.name << ": " << name;
            EXPECT_LE(line, info.listing.line_count()) << info.name << ": " << name;
        }
    }
}

TEST(Scenarios, EveryCounterIsColouredByItsMeaningFromOnePalette) {
    // Okabe and Ito's colour-blind-safe palette, the charts' and the canvas's.
    const std::set<std::uint32_t> palette = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
                                             0x0072B2, 0xD55E00, 0xCC79A7, 0x999999};
    constexpr std::uint32_t kGood = 0x009E73;  // bluish green
    constexpr std::uint32_t kBad = 0xD55E00;   // vermillion
    for (const gorama::Scenario* s : gorama::all_scenarios()) {
        for (const gorama::CounterSpec& c : s->info().counters) {
            const std::string where = s->info().name + ": " + c.name;
            EXPECT_TRUE(palette.contains(c.rgb)) << where;
            if (c.name == "denied" || c.name == "errors" || c.name == "timeouts") {
                EXPECT_EQ(c.rgb, kBad) << where;
            }
            if (c.name == "admitted" || c.name == "received") {
                EXPECT_EQ(c.rgb, kGood) << where;
            }
        }
    }
}

}  // namespace
