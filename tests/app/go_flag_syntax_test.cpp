// Numbers on the command line are read as Go 1.19's flag package reads them. Every row below was
// run through Go 1.19.8's flag.Int, flag.Uint64, flag.Float64 and flag.Duration (a FlagSet fed
// "-int", VALUE, and so on), and its result written down as Go printed it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "go_flag_syntax.hpp"

namespace go_flag = gorama::go_flag;

namespace {

constexpr auto kSyntax = go_flag::Refusal::Syntax;
constexpr auto kRange = go_flag::Refusal::Range;

template <class T>
std::string shown(const go_flag::Parsed<T>& p) {
    if (const auto* r = std::get_if<go_flag::Refusal>(&p))
        return *r == kSyntax ? "parse error" : "value out of range";
    return std::to_string(std::get<T>(p));
}

struct Row {
    const char* text;
    const char*
        as_int;  // what Go gives for each type: a value, "parse error" or "value out of range"
    const char* as_uint64;
    const char* as_duration_ns;
};

// Ints, uint64s and durations.
const Row kRows[] = {
    {"", "parse error", "parse error", "parse error"},
    {" 3", "parse error", "parse error", "parse error"},
    {"3 ", "parse error", "parse error", "parse error"},
    {" -1", "parse error", "parse error", "parse error"},
    {"+3", "3", "parse error", "parse error"},
    {"-3", "-3", "parse error", "parse error"},
    {"-0", "0", "parse error", "0"},
    {"+0", "0", "parse error", "0"},
    {"0", "0", "0", "0"},
    {"3.", "parse error", "parse error", "parse error"},
    {"0x10", "16", "16", "parse error"},
    {"0X10", "16", "16", "parse error"},
    {"0o17", "15", "15", "parse error"},
    {"0O17", "15", "15", "parse error"},
    {"017", "15", "15", "parse error"},
    {"08", "parse error", "parse error", "parse error"},
    {"0b101", "5", "5", "parse error"},
    {"1_000", "1000", "1000", "parse error"},
    {"0x1_0", "16", "16", "parse error"},
    {"0_17", "15", "15", "parse error"},
    {"0x_10", "16", "16", "parse error"},
    {"0_x10", "parse error", "parse error", "parse error"},
    {"_1", "parse error", "parse error", "parse error"},
    {"1_", "parse error", "parse error", "parse error"},
    {"1__0", "parse error", "parse error", "parse error"},
    {"0x", "parse error", "parse error", "parse error"},
    {"0b", "parse error", "parse error", "parse error"},
    {"0x1p3", "parse error", "parse error", "parse error"},
    {"1e3", "parse error", "parse error", "parse error"},
    {"250", "250", "250", "parse error"},
    {"9223372036854775807", "9223372036854775807", "9223372036854775807", "parse error"},
    {"9223372036854775808", "value out of range", "9223372036854775808", "parse error"},
    {"-9223372036854775808", "-9223372036854775808", "parse error", "parse error"},
    {"18446744073709551615", "value out of range", "18446744073709551615", "parse error"},
    {"18446744073709551616", "value out of range", "value out of range", "parse error"},
    {"3s", "parse error", "parse error", "3000000000"},
    {"1.5s", "parse error", "parse error", "1500000000"},
    {"250ms", "parse error", "parse error", "250000000"},
    {"1m30s", "parse error", "parse error", "90000000000"},
    {"1h", "parse error", "parse error", "3600000000000"},
    {"+1s", "parse error", "parse error", "1000000000"},
    {"-1s", "parse error", "parse error", "-1000000000"},
    {"1us", "parse error", "parse error", "1000"},
    {"1\u00b5s", "parse error", "parse error", "1000"},
    {"1\u03bcs", "parse error", "parse error", "1000"},
    {"1ns", "parse error", "parse error", "1"},
    {".5s", "parse error", "parse error", "500000000"},
    {"5.s", "parse error", "parse error", "5000000000"},
    {"1e3ms", "parse error", "parse error", "parse error"},
    {"1_000ms", "parse error", "parse error", "parse error"},
    {" 1s", "parse error", "parse error", "parse error"},
    {"1S", "parse error", "parse error", "parse error"},
    {"0x10s", "parse error", "parse error", "parse error"},
    {"2562048h", "parse error", "parse error", "parse error"},
    {"9223372036854775807ns", "parse error", "parse error", "9223372036854775807"},
    {"9223372036854775808ns", "parse error", "parse error", "parse error"},
    {"1.0000000000000000001s", "parse error", "parse error", "1000000000"},
    {"+", "parse error", "parse error", "parse error"},
    {"-", "parse error", "parse error", "parse error"},
    {".", "parse error", "parse error", "parse error"},
};

struct FloatRow {
    const char* text;
    double value;  // NaN for Go's NaN
    bool refused;
};

constexpr double kInf = std::numeric_limits<double>::infinity();

const FloatRow kFloats[] = {
    {"", 0, true},
    {" 3", 0, true},
    {"3 ", 0, true},
    {"+3", 3, false},
    {"-3", -3, false},
    {"3.", 3, false},
    {".5", 0.5, false},
    {"0x10", 0, true},
    {"017", 17, false},
    {"08", 8, false},
    {"0b101", 0, true},
    {"1_000", 1000, false},
    {"0_17", 17, false},
    {"_1", 0, true},
    {"1_", 0, true},
    {"1__0", 0, true},
    {"0x1p3", 8, false},
    {"0x1.8", 0, true},
    {"0x1.8p1", 3, false},
    {"0x1_0p0", 16, false},
    {"1e3", 1000, false},
    {"1E3", 1000, false},
    {"1e", 0, true},
    {"1_000.5", 1000.5, false},
    {"inf", kInf, false},
    {"Inf", kInf, false},
    {"+Inf", kInf, false},
    {"-inf", -kInf, false},
    {"infinity", kInf, false},
    {"NaN", NAN, false},
    {"nan", NAN, false},
    {"+nan", 0, true},
    {"infin", 0, true},
    {"1e400", 0, true},
    {"1e-400", 0, false},
    {"-0", -0.0, false},
    {"3s", 0, true},
    {"+", 0, true},
    {".", 0, true},
};

}  // namespace

TEST(GoFlagSyntax, WholeNumbersAndDurationsAreReadAsGo119ReadsThem) {
    for (const Row& row : kRows) {
        EXPECT_EQ(shown(go_flag::parse_int(row.text)), row.as_int) << "'" << row.text << "'";
        EXPECT_EQ(shown(go_flag::parse_uint(row.text)), row.as_uint64) << "'" << row.text << "'";
        EXPECT_EQ(shown(go_flag::parse_duration(row.text)), row.as_duration_ns)
            << "'" << row.text << "'";
    }
}

TEST(GoFlagSyntax, RealNumbersAreReadAsGo119ReadsThem) {
    for (const FloatRow& row : kFloats) {
        const go_flag::Parsed<double> p = go_flag::parse_float(row.text);
        ASSERT_EQ(std::holds_alternative<go_flag::Refusal>(p), row.refused)
            << "'" << row.text << "'";
        if (row.refused) continue;
        const double v = std::get<double>(p);
        if (std::isnan(row.value)) {
            EXPECT_TRUE(std::isnan(v)) << row.text;
        } else {
            EXPECT_EQ(v, row.value) << row.text;
            EXPECT_EQ(std::signbit(v), std::signbit(row.value)) << row.text;
        }
    }
    // Too large for a double is Go's ErrRange; too small rounds to zero without an error.
    EXPECT_EQ(std::get<go_flag::Refusal>(go_flag::parse_float("1e400")), kRange);
    EXPECT_EQ(std::get<go_flag::Refusal>(go_flag::parse_float("-0x1p2000")), kRange);
}
