#include "go_flag_syntax.hpp"

#include <locale.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace gorama::go_flag {
namespace {

constexpr std::uint64_t kMaxUint64 = ~std::uint64_t{0};

char lower(char c) {
    return static_cast<char>(c | ('x' - 'X'));
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// strconv.underscoreOK: "_" only between digits, or between a base prefix and a digit.
bool underscore_ok(std::string_view s) {
    char saw = '^';  // ^ start, 0 a digit or base prefix, _ an underscore, ! anything else
    std::size_t i = 0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
    bool hex = false;
    if (s.size() >= 2 && s[0] == '0' &&
        (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
        i = 2;
        saw = '0';
        hex = lower(s[1]) == 'x';
    }
    for (; i < s.size(); ++i) {
        if (is_digit(s[i]) || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
            saw = '0';
            continue;
        }
        if (s[i] == '_') {
            if (saw != '0') return false;
            saw = '_';
            continue;
        }
        if (saw == '_') return false;
        saw = '!';
    }
    return saw != '_';
}

// strconv.special: "inf", "infinity" (either with a sign) or "nan", in any case, as the whole
// text.
std::optional<double> special(std::string_view s) {
    auto equals_ignoring_case = [](std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (lower(a[i]) != b[i]) return false;
        }
        return true;
    };
    if (equals_ignoring_case(s, "nan")) return std::nan("");
    double sign = 1;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        sign = s[0] == '-' ? -1 : 1;
        s.remove_prefix(1);
    }
    if (equals_ignoring_case(s, "inf") || equals_ignoring_case(s, "infinity"))
        return sign * HUGE_VAL;
    return std::nullopt;
}

// strconv.readFloat's syntax check: true when all of `s` is a Go float literal.
bool is_float_syntax(std::string_view s) {
    std::size_t i = 0;
    bool underscores = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    bool hex = false;
    if (i + 2 < s.size() && s[i] == '0' && lower(s[i + 1]) == 'x') {
        i += 2;
        hex = true;
    }
    bool sawdot = false;
    bool sawdigits = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '_') {
            underscores = true;
        } else if (c == '.') {
            if (sawdot) break;
            sawdot = true;
        } else if (is_digit(c) || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
            sawdigits = true;
        } else {
            break;
        }
    }
    if (!sawdigits) return false;
    if (i < s.size() && lower(s[i]) == (hex ? 'p' : 'e')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (i >= s.size() || !is_digit(s[i])) return false;
        for (; i < s.size() && (is_digit(s[i]) || s[i] == '_'); ++i) {
            if (s[i] == '_') underscores = true;
        }
    } else if (hex) {
        return false;  // a hex mantissa needs a p exponent
    }
    if (i != s.size()) return false;
    return !underscores || underscore_ok(s);
}

// time.ParseDuration's leadingInt: the digits at the front of `s`, which it consumes; nullopt
// past 2^63.
std::optional<std::uint64_t> leading_int(std::string_view& s) {
    std::uint64_t x = 0;
    std::size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
        if (x > (std::uint64_t{1} << 63) / 10) return std::nullopt;
        x = x * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (x > std::uint64_t{1} << 63) return std::nullopt;
    }
    s.remove_prefix(i);
    return x;
}

// time.ParseDuration's leadingFraction: digits after the point, which it consumes; precision
// stops growing (without an error) once it would overflow.
void leading_fraction(std::string_view& s, std::uint64_t& x, double& scale) {
    x = 0;
    scale = 1;
    bool overflow = false;
    std::size_t i = 0;
    for (; i < s.size() && is_digit(s[i]); ++i) {
        if (overflow) continue;
        if (x > ((std::uint64_t{1} << 63) - 1) / 10) {
            overflow = true;
            continue;
        }
        const std::uint64_t y = x * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (y > std::uint64_t{1} << 63) {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10;
    }
    s.remove_prefix(i);
}

std::optional<std::uint64_t> unit_ns(std::string_view u) {
    if (u == "ns") return 1;
    if (u == "us" || u == "\u00b5s" || u == "\u03bcs") return 1000;
    if (u == "ms") return 1000000;
    if (u == "s") return 1000000000;
    if (u == "m") return 60000000000;
    if (u == "h") return 3600000000000;
    return std::nullopt;
}

}  // namespace

Parsed<std::uint64_t> parse_uint(std::string_view s) {
    if (s.empty()) return Refusal::Syntax;
    const std::string_view s0 = s;
    unsigned base = 10;
    if (s[0] == '0') {
        if (s.size() >= 3 && lower(s[1]) == 'b') {
            base = 2;
            s.remove_prefix(2);
        } else if (s.size() >= 3 && lower(s[1]) == 'o') {
            base = 8;
            s.remove_prefix(2);
        } else if (s.size() >= 3 && lower(s[1]) == 'x') {
            base = 16;
            s.remove_prefix(2);
        } else {
            base = 8;
            s.remove_prefix(1);
        }
    }
    const std::uint64_t cutoff = kMaxUint64 / base + 1;
    bool underscores = false;
    std::uint64_t n = 0;
    for (const char c : s) {
        unsigned d = 0;
        if (c == '_') {
            underscores = true;
            continue;
        }
        if (is_digit(c)) {
            d = static_cast<unsigned>(c - '0');
        } else if (lower(c) >= 'a' && lower(c) <= 'z') {
            d = static_cast<unsigned>(lower(c) - 'a' + 10);
        } else {
            return Refusal::Syntax;
        }
        if (d >= base) return Refusal::Syntax;
        if (n >= cutoff) return Refusal::Range;
        n *= base;
        const std::uint64_t n1 = n + d;
        if (n1 < n) return Refusal::Range;
        n = n1;
    }
    if (underscores && !underscore_ok(s0)) return Refusal::Syntax;
    return n;
}

Parsed<std::int64_t> parse_int(std::string_view s) {
    if (s.empty()) return Refusal::Syntax;
    bool neg = false;
    if (s[0] == '+') {
        s.remove_prefix(1);
    } else if (s[0] == '-') {
        neg = true;
        s.remove_prefix(1);
    }
    const Parsed<std::uint64_t> un = parse_uint(s);
    if (const Refusal* r = std::get_if<Refusal>(&un)) return *r;
    const std::uint64_t u = std::get<std::uint64_t>(un);
    constexpr std::uint64_t kCutoff = std::uint64_t{1} << 63;
    if ((!neg && u >= kCutoff) || (neg && u > kCutoff)) return Refusal::Range;
    // -2^63 has no positive counterpart: negate in unsigned arithmetic.
    return neg ? static_cast<std::int64_t>(~u + 1) : static_cast<std::int64_t>(u);
}

Parsed<double> parse_float(std::string_view s) {
    if (const std::optional<double> v = special(s)) return *v;
    if (!is_float_syntax(s)) return Refusal::Syntax;
    // The syntax is C's too once the underscores are gone; strtod in the C locale (whatever
    // LC_NUMERIC says) rounds correctly, decimal and hex alike, as Go does.
    std::string plain;
    for (const char c : s) {
        if (c != '_') plain += c;
    }
    static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
    errno = 0;
    const double v = strtod_l(plain.c_str(), nullptr, c_locale);
    if (errno == ERANGE && std::isinf(v)) return Refusal::Range;  // underflow is not an error
    return v;
}

Parsed<std::int64_t> parse_duration(std::string_view s) {
    std::uint64_t d = 0;
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s == "0") return std::int64_t{0};
    if (s.empty()) return Refusal::Syntax;
    constexpr std::uint64_t kLimit = std::uint64_t{1} << 63;
    while (!s.empty()) {
        if (!(s[0] == '.' || is_digit(s[0]))) return Refusal::Syntax;
        const std::size_t before = s.size();
        const std::optional<std::uint64_t> whole = leading_int(s);
        if (!whole) return Refusal::Syntax;
        std::uint64_t v = *whole;
        const bool pre = before != s.size();
        std::uint64_t f = 0;
        double scale = 1;
        bool post = false;
        if (!s.empty() && s[0] == '.') {
            s.remove_prefix(1);
            const std::size_t at = s.size();
            leading_fraction(s, f, scale);
            post = at != s.size();
        }
        if (!pre && !post) return Refusal::Syntax;
        std::size_t i = 0;
        while (i < s.size() && s[i] != '.' && !is_digit(s[i]))
            ++i;
        if (i == 0) return Refusal::Syntax;  // a number needs a unit
        const std::optional<std::uint64_t> unit = unit_ns(s.substr(0, i));
        s.remove_prefix(i);
        if (!unit) return Refusal::Syntax;
        if (v > kLimit / *unit) return Refusal::Syntax;
        v *= *unit;
        if (f > 0) {
            v += static_cast<std::uint64_t>(static_cast<double>(f) *
                                            (static_cast<double>(*unit) / scale));
            if (v > kLimit) return Refusal::Syntax;
        }
        d += v;
        if (d > kLimit) return Refusal::Syntax;
    }
    if (neg) return static_cast<std::int64_t>(~d + 1);
    if (d > kLimit - 1) return Refusal::Syntax;
    return static_cast<std::int64_t>(d);
}

}  // namespace gorama::go_flag
