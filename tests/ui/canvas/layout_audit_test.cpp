// The layout audit over real runs: every scenario, at defaults, for a few seconds of virtual time
// at 1280x720 and 1920x1080, in normal and presentation mode, painted frame by frame. Nothing
// painted overlaps or leaves the canvas, no node moves outside a rescale, every node shows its
// name. (bench/layout_audit runs the full sweep: 30 s, 20 Hz, every knob at its extremes.)
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "canvas/layout_audit.hpp"
#include "scenarios/scenario.hpp"
#include "support/every_scenario.hpp"

namespace {

using gorama::ui::AuditFigures;
using gorama::ui::AuditSpec;

struct Config {
    QSize size;
    bool presentation;
};

class LayoutAudit : public ::testing::TestWithParam<std::string> {};

TEST_P(LayoutAudit, NothingOverlapsLeavesTheCanvasMovesOrLosesItsName) {
    for (const Config c : {Config{{1280, 720}, false}, Config{{1920, 1080}, false},
                           Config{{1280, 720}, true}, Config{{1920, 1080}, true}}) {
        AuditSpec spec;
        spec.scenario = gorama::find_scenario(GetParam());
        ASSERT_NE(spec.scenario, nullptr);
        spec.size = c.size;
        spec.presentation = c.presentation;
        spec.duration = std::chrono::milliseconds(6000);
        spec.hz = 10;
        const AuditFigures f = gorama::ui::audit_scenario(spec);
        const std::string where = GetParam() + " at " + std::to_string(c.size.width()) + "x" +
                                  std::to_string(c.size.height()) +
                                  (c.presentation ? " presentation" : "") + ": ";
        RecordProperty(where, "overlaps " + std::to_string(f.overlaps) + ", outside " +
                                  std::to_string(f.outside) + ", moves " + std::to_string(f.moves) +
                                  ", smallest text " + std::to_string(f.smallest_text_px) + " px");
        EXPECT_EQ(f.overlaps, 0u) << where << f.first_problem;
        EXPECT_EQ(f.outside, 0u) << where << f.first_problem;
        EXPECT_EQ(f.moves, 0u) << where << f.first_problem;
        EXPECT_EQ(f.unlabelled, 0u) << where << f.first_problem;
        if (GetParam() == "pipeline" || GetParam() == "worker-pool") {
            EXPECT_EQ(f.frames_with_crossings, 0u) << where << "edges cross";
        }
        EXPECT_GT(f.frames, 50u);
    }
}

INSTANTIATE_TEST_SUITE_P(EveryScenario, LayoutAudit, gorama::testing::every_scenario(),
                         gorama::testing::ScenarioTestName());

}  // namespace
