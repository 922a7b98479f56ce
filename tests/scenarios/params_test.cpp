// Params: the live values scenarios read, checked against their specs.
#include <gtest/gtest.h>

#include <chrono>

#include "scenarios/params.hpp"

namespace {

using namespace std::chrono_literals;

std::vector<gorama::ParamSpec> specs() {
    return {{.name = "workers", .kind = gorama::ParamKind::Int, .min = 1, .max = 32, .def = 3},
            {.name = "work_time",
             .kind = gorama::ParamKind::Duration,
             .min = 1,
             .max = 10000,
             .def = 500}};
}

TEST(Params, ACopyHasTheValuesOfNowAndGoesItsOwnWay) {
    gorama::Params p(specs());
    std::string error;
    ASSERT_TRUE(p.set_text("workers=7", error)) << error;
    ASSERT_TRUE(p.set_text("work_time=250ms", error)) << error;
    const auto copy = p.copy();
    EXPECT_EQ(copy->get_int("workers"), 7);
    EXPECT_EQ(copy->get_duration("work_time"), 250ms);
    ASSERT_TRUE(p.set("workers", 2, error));
    EXPECT_EQ(copy->get_int("workers"), 7);  // the old run's knob no longer moves the new run's
    EXPECT_EQ(copy->specs().size(), 2u);
}

TEST(Params, OutOfRangeAndUnknownAreRefusedWithAReason) {
    gorama::Params p(specs());
    std::string error;
    EXPECT_FALSE(p.set_text("workers=33", error));
    EXPECT_NE(error.find("workers"), std::string::npos) << error;
    EXPECT_FALSE(p.set_text("cooks=2", error));
    EXPECT_NE(error.find("workers, work_time"), std::string::npos) << error;
    EXPECT_EQ(p.get_int("workers"), 3);
}

}  // namespace
