#include "scenarios/params.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace gorama {
namespace {

std::string trim_number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

bool parse_double(std::string_view text, double& out) {
    if (text.empty()) return false;
    const std::string s(text);
    char* end = nullptr;
    errno = 0;
    out = std::strtod(s.c_str(), &end);
    return errno == 0 && end == s.c_str() + s.size() && std::isfinite(out);
}

std::string range_text(const ParamSpec& spec) {
    return format_value(spec, spec.min) + " to " + format_value(spec, spec.max);
}

}  // namespace

std::string format_value(const ParamSpec& spec, double value) {
    switch (spec.kind) {
        case ParamKind::Int:
            return std::to_string(static_cast<long long>(std::llround(value)));
        case ParamKind::Real:
            return trim_number(value);
        case ParamKind::Duration:
            if (value >= 1000 && std::fmod(value, 1000) == 0)
                return trim_number(value / 1000) + "s";
            if (value == 0) return "0";
            if (value < 1) return trim_number(value * 1000) + "us";
            return trim_number(value) + "ms";
        case ParamKind::Bool:
            return value != 0 ? "true" : "false";
        case ParamKind::Choice: {
            const auto i = static_cast<std::size_t>(value);
            return i < spec.choices.size() ? spec.choices[i] : "?";
        }
    }
    return "?";
}

std::optional<double> parse_value(const ParamSpec& spec, std::string_view text,
                                  std::string& error) {
    double v = 0;
    switch (spec.kind) {
        case ParamKind::Int:
            if (!parse_double(text, v) || v != std::floor(v)) {
                error = spec.name + " takes a whole number, not '" + std::string(text) + "'";
                return std::nullopt;
            }
            break;
        case ParamKind::Real:
            if (!parse_double(text, v)) {
                error = spec.name + " takes a number, not '" + std::string(text) + "'";
                return std::nullopt;
            }
            break;
        case ParamKind::Duration: {
            struct Unit {
                std::string_view suffix;
                double ms;
            };
            static constexpr Unit kUnits[] = {{"ns", 1e-6}, {"us", 1e-3}, {"µs", 1e-3},
                                              {"ms", 1.0},  {"s", 1e3},   {"m", 60e3}};
            double scale = 1.0;  // a bare number is milliseconds
            std::string_view number = text;
            for (const Unit& u : kUnits) {
                if (text.size() > u.suffix.size() && text.ends_with(u.suffix)) {
                    const std::string_view head = text.substr(0, text.size() - u.suffix.size());
                    double probe = 0;
                    if (parse_double(head, probe)) {
                        number = head;
                        scale = u.ms;
                        break;
                    }
                }
            }
            if (!parse_double(number, v)) {
                error = spec.name + " takes a duration such as 250ms or 1.5s, not '" +
                        std::string(text) + "'";
                return std::nullopt;
            }
            v *= scale;
            break;
        }
        case ParamKind::Bool:
            if (text == "true" || text == "1" || text == "on" || text == "yes") {
                v = 1;
            } else if (text == "false" || text == "0" || text == "off" || text == "no") {
                v = 0;
            } else {
                error = spec.name + " takes true or false, not '" + std::string(text) + "'";
                return std::nullopt;
            }
            break;
        case ParamKind::Choice: {
            for (std::size_t i = 0; i < spec.choices.size(); ++i) {
                if (spec.choices[i] == text) return static_cast<double>(i);
            }
            std::string all;
            for (const auto& c : spec.choices)
                all += (all.empty() ? "" : ", ") + c;
            error = spec.name + " takes one of " + all + ", not '" + std::string(text) + "'";
            return std::nullopt;
        }
    }
    if (v < spec.min || v > spec.max) {
        error = spec.name + " must be from " + range_text(spec) + ", not " + std::string(text);
        return std::nullopt;
    }
    return v;
}

Params::Params(std::vector<ParamSpec> specs)
    : m_specs(std::move(specs)), m_values(new std::atomic<double>[m_specs.size()]) {
    for (std::size_t i = 0; i < m_specs.size(); ++i)
        m_values[i].store(m_specs[i].def);
}

std::shared_ptr<Params> Params::copy() const {
    auto fresh = std::make_shared<Params>(m_specs);
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        if (!m_specs[i].one_shot)
            fresh->m_values[i].store(m_values[i].load(std::memory_order_acquire));
    }
    return fresh;
}

const ParamSpec* Params::spec(std::string_view name) const {
    for (const ParamSpec& s : m_specs) {
        if (s.name == name) return &s;
    }
    return nullptr;
}

std::size_t Params::index(std::string_view name) const {
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        if (m_specs[i].name == name) return i;
    }
    throw std::out_of_range("gorama: no parameter named " + std::string(name));
}

bool Params::set(std::string_view name, double value, std::string& error) {
    const ParamSpec* s = spec(name);
    if (!s) {
        error = "no parameter named '" + std::string(name) + "'";
        return false;
    }
    if (!(value >= s->min && value <= s->max)) {
        error = s->name + " must be from " + range_text(*s) + ", not " + format_value(*s, value);
        return false;
    }
    m_values[index(name)].store(value, std::memory_order_release);
    m_version.fetch_add(1, std::memory_order_acq_rel);
    return true;
}

bool Params::set_text(std::string_view assignment, std::string& error) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        error = "expected NAME=VALUE, not '" + std::string(assignment) + "'";
        return false;
    }
    const std::string_view name = assignment.substr(0, eq);
    const ParamSpec* s = spec(name);
    if (!s) {
        std::string all;
        for (const auto& p : m_specs)
            all += (all.empty() ? "" : ", ") + p.name;
        error = "no parameter named '" + std::string(name) + "' (this scenario has: " + all + ")";
        return false;
    }
    const auto v = parse_value(*s, assignment.substr(eq + 1), error);
    return v && set(name, *v, error);
}

double Params::raw(std::size_t i) const {
    if (i >= m_specs.size()) throw std::out_of_range("gorama: a knob read from another scenario");
    return m_values[i].load(std::memory_order_acquire);
}

template <>
double Params::value_at<double>(std::size_t i) const {
    return raw(i);
}
template <>
int Params::value_at<int>(std::size_t i) const {
    return static_cast<int>(std::llround(raw(i)));
}
template <>
bool Params::value_at<bool>(std::size_t i) const {
    return raw(i) != 0;
}
template <>
std::chrono::nanoseconds Params::value_at<std::chrono::nanoseconds>(std::size_t i) const {
    return std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(raw(i) * 1e6)));
}
template <>
std::size_t Params::value_at<std::size_t>(std::size_t i) const {
    return static_cast<std::size_t>(raw(i));
}

double Params::get(std::string_view name) const {
    return value_at<double>(index(name));
}
int Params::get_int(std::string_view name) const {
    return value_at<int>(index(name));
}
bool Params::get_bool(std::string_view name) const {
    return value_at<bool>(index(name));
}
std::chrono::nanoseconds Params::get_duration(std::string_view name) const {
    return value_at<std::chrono::nanoseconds>(index(name));
}
std::size_t Params::get_choice(std::string_view name) const {
    return value_at<std::size_t>(index(name));
}

}  // namespace gorama
