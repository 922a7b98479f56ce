// ListingDock over real runs: the lines the fold says goroutines are at carry their names, and a
// click on a line names the goroutines there.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <algorithm>
#include <set>

#include "docks/listing_dock.hpp"
#include "docks_test_support.hpp"
#include "scenarios/scenario.hpp"

using gorama::ui::ListingDock;
using gorama::ui::testing::fold_run;

namespace {
const gorama::ScenarioInfo& info(const char* name) {
    return gorama::find_scenario(name)->info();
}
}  // namespace

TEST(ListingDock, MarksEveryLiveGoroutineAtTheLineTheFoldSays) {
    auto f = fold_run("worker-pool", 2.25);
    ListingDock dock;
    dock.set_listing(info("worker-pool").listing);
    dock.show_world(f.world);
    EXPECT_EQ(dock.line_count(), static_cast<int>(info("worker-pool").listing.line_count()));
    std::size_t live = 0;
    for (const auto& [id, g] : f.world.goroutines) {
        if (g.state == goro::GoState::Finished || g.site == 0) continue;
        ++live;
        const auto at = dock.goroutines_at(static_cast<int>(g.site));
        EXPECT_NE(std::find(at.begin(), at.end(), id), at.end()) << g.name << " at " << g.site;
    }
    std::size_t marked = 0;
    for (int line = 1; line <= dock.line_count(); ++line)
        marked += dock.goroutines_at(line).size();
    EXPECT_EQ(marked, live);
    EXPECT_GE(live, 5U);  // main, three workers, the submitter
    // main waits in its select on results: the "collect" line.
    const auto at_collect =
        dock.goroutines_at(static_cast<int>(info("worker-pool").listing.site("collect")));
    EXPECT_NE(std::find(at_collect.begin(), at_collect.end(), 1U), at_collect.end());
}

TEST(ListingDock, FinishedGoroutinesLeaveTheListing) {
    auto f = fold_run("intro", 0);  // to the end: every goroutine returned
    ListingDock dock;
    dock.set_listing(info("intro").listing);
    dock.show_world(f.world);
    for (int line = 1; line <= dock.line_count(); ++line)
        EXPECT_TRUE(dock.goroutines_at(line).empty()) << line;
}

TEST(ListingDock, ClickingALineEmitsTheGoroutinesThere) {
    auto f = fold_run("worker-pool", 2.25);
    ListingDock dock;
    dock.resize(900, 700);
    dock.show();
    dock.set_listing(info("worker-pool").listing);
    dock.show_world(f.world);
    // The line with the most goroutines.
    int line = 1;
    for (int l = 1; l <= dock.line_count(); ++l) {
        if (dock.goroutines_at(l).size() > dock.goroutines_at(line).size()) line = l;
    }
    const auto expected = dock.goroutines_at(line);
    ASSERT_GE(expected.size(), 2U);
    QSignalSpy spy(&dock, &ListingDock::goroutines_selected);
    QTableWidget* table = dock.table();
    table->scrollToItem(table->item(line - 1, 1));
    const QRect r = table->visualItemRect(table->item(line - 1, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, r.center());
    ASSERT_EQ(spy.count(), 1);
    EXPECT_EQ(spy.at(0).at(0).value<std::vector<goro::GoroutineId>>(), expected);
    // A line nobody is at emits an empty list.
    table->scrollToItem(table->item(0, 1));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualItemRect(table->item(0, 1)).center());
    ASSERT_EQ(spy.count(), 2);
    EXPECT_TRUE(spy.at(1).at(0).value<std::vector<goro::GoroutineId>>().empty());
}

TEST(ListingDock, SelectedGoroutinesAreHighlightedWhereverTheyGo) {
    ListingDock dock;
    dock.set_listing(info("worker-pool").listing);
    QSignalSpy spy(&dock, &ListingDock::goroutines_selected);
    // The submitter (goroutine 5) alternates between its send and its sleep.
    std::set<std::vector<int>> seen;
    for (double t : {0.05, 0.35, 0.65, 1.05}) {
        auto f = fold_run("worker-pool", t);
        dock.show_world(f.world);
        dock.select_goroutines({5});
        const goro::GoroutineView* g = f.world.goroutine(5);
        ASSERT_NE(g, nullptr);
        EXPECT_EQ(dock.highlighted_lines(), std::vector<int>{static_cast<int>(g->site)});
        seen.insert(dock.highlighted_lines());
    }
    EXPECT_EQ(spy.count(), 0);  // selecting from the program does not emit
    dock.select_goroutines({});
    EXPECT_TRUE(dock.highlighted_lines().empty());
    auto f = fold_run("worker-pool", 5);
    dock.resize(900, 700);
    dock.show_world(f.world);
    dock.select_goroutines({2, 3});
    gorama::ui::testing::save_screenshot(dock, "docks-listing.png");
}
