// The grammars of Go 1.19's flag package, so that `gorama` reads a number exactly as a Go
// program's `flag.Int`, `flag.Uint64`, `flag.Float64` and `flag.Duration` would (the flag
// package calls strconv.ParseInt(s, 0, 64), strconv.ParseUint(s, 0, 64),
// strconv.ParseFloat(s, 64) and time.ParseDuration). Ported from Go's strconv/atoi.go,
// strconv/atof.go and time/format.go; tests/app/go_flag_syntax_test.cpp holds the table of cases
// checked against Go 1.19 itself.
//
// What that means, briefly:
// - No blanks anywhere: " 3" and "3 " are refused, so " -1" can never wrap to 2^64 - 1.
// - Whole numbers: decimal, 0x/0X hex, 0o/0O or a leading 0 octal, 0b/0B binary; "_" only
//   between digits or after the prefix ("1_000", "0x_1F"); a leading + or - for signed ones,
//   none for unsigned ones ("+3" and "-0" are refused as a seed).
// - Real numbers: decimal with an optional point and e exponent ("3.", ".5", "1e3"), hex with a
//   required p exponent ("0x1p3"), the same underscores, and Inf, Infinity and NaN in any case.
//   A value too large for a double is refused; one too small rounds to 0 as in Go.
// - Durations: an optional sign, then one or more number-unit pairs ("1m30s", "1.5s", ".5ms");
//   units ns, us, µs, μs, ms, s, m, h; a bare "0" is the only number without a unit; the total
//   must fit int64 nanoseconds. Go refuses every bad duration as a syntax error, and so does this.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace gorama::go_flag {

// Why a text was refused: it is not of the type's syntax, or it is but its value does not fit
// (Go's ErrSyntax and ErrRange).
enum class Refusal : std::uint8_t { Syntax, Range };

template <class T>
using Parsed = std::variant<T, Refusal>;

Parsed<std::int64_t> parse_int(std::string_view s);       // flag.Int (64-bit)
Parsed<std::uint64_t> parse_uint(std::string_view s);     // flag.Uint64
Parsed<double> parse_float(std::string_view s);           // flag.Float64
Parsed<std::int64_t> parse_duration(std::string_view s);  // flag.Duration, in nanoseconds

}  // namespace gorama::go_flag
