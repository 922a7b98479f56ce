// A scenario's knobs, typed objects read by calling them: `knob::workers(p)`. A scenario does
// not write them: describe.cmake generates them from its NAME.json (see scenarios/README.md),
// in the form
//
//   KnobList knobs;
//   namespace knob {
//   const IntKnob workers(knobs, "workers", "Workers", "", {1, 16, 3}, Apply::Restart, "...");
//   const ChoiceKnob mode(knobs, "mode", "Mode", {"allow", "wait"}, 0, Apply::Live, "...");
//   }
//
// The arguments are always the same, in the same order: name (the command line's), label (the
// panel's), unit (or the choices), range and default (or the default choice), when a change
// applies, and one sentence of help. The knob's type sets its ParamSpec's kind, so it cannot
// disagree with how it is read. A knob remembers its place in its list, and its scenario's
// Params hold the values in that order (DescribedScenario gives the list's specs to
// ScenarioInfo::params), so a read is an index, never a search by name; a name mistyped in C++
// does not compile. Lists and knobs are made during static initialisation of the scenario's
// file, before its scenario object.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "scenarios/params.hpp"

namespace gorama {

class KnobList {
  public:
    const std::vector<ParamSpec>& specs() const { return m_specs; }
    // Adds a spec and returns its index.
    std::size_t add(ParamSpec spec);

  private:
    std::vector<ParamSpec> m_specs;
};

// When a change to a knob takes effect.
enum class Apply : std::uint8_t {
    Live,     // at once, while the scenario runs
    Restart,  // when the run starts again
    OneShot,  // an action ("Stop now"): at once, and back to its default on restart
};

// A knob's range and default, in the spec's units (milliseconds for durations, 0 or 1 for
// booleans).
struct Range {
    double min = 0;
    double max = 0;
    double def = 0;
};

namespace detail {
template <class T>
struct KnobKind;
template <>
struct KnobKind<int> {
    static constexpr ParamKind kind = ParamKind::Int;
};
template <>
struct KnobKind<double> {
    static constexpr ParamKind kind = ParamKind::Real;
};
template <>
struct KnobKind<bool> {
    static constexpr ParamKind kind = ParamKind::Bool;
};
template <>
struct KnobKind<std::chrono::nanoseconds> {
    static constexpr ParamKind kind = ParamKind::Duration;
};
template <>
struct KnobKind<std::size_t> {
    static constexpr ParamKind kind = ParamKind::Choice;
};
}  // namespace detail

// T is int, double, bool, std::chrono::nanoseconds (a Duration, written in milliseconds in the
// spec) or std::size_t (a Choice's index).
template <class T>
class Knob {
  public:
    Knob(KnobList& list, ParamSpec spec) : m_index(add(list, std::move(spec))) {}
    Knob(KnobList& list, std::string name, std::string label, std::string unit, Range range,
         Apply apply, std::string help)
        : Knob(list, spec(std::move(name), std::move(label), std::move(unit), range, {}, apply,
                          std::move(help))) {}
    // A Choice: the default is an index into `choices`.
    Knob(KnobList& list, std::string name, std::string label, std::vector<std::string> choices,
         std::size_t def, Apply apply, std::string help) requires std::is_same_v<T, std::size_t>
        : Knob(list, choice_spec(std::move(name), std::move(label), std::move(choices), def, apply,
                                 std::move(help))) {}

    // The value now (any thread). `p` must be the Params of this knob's scenario.
    T operator()(const Params& p) const { return p.value_at<T>(m_index); }
    T operator()(const std::shared_ptr<const Params>& p) const { return (*this)(*p); }

    std::size_t index() const { return m_index; }

  private:
    static ParamSpec spec(std::string name, std::string label, std::string unit, Range range,
                          std::vector<std::string> choices, Apply apply, std::string help) {
        ParamSpec s;
        s.name = std::move(name);
        s.label = std::move(label);
        s.unit = std::move(unit);
        s.min = range.min;
        s.max = range.max;
        s.def = range.def;
        s.live = apply != Apply::Restart;
        s.choices = std::move(choices);
        s.help = std::move(help);
        s.one_shot = apply == Apply::OneShot;
        return s;
    }
    // The range is taken from `choices` before they move into the spec.
    static ParamSpec choice_spec(std::string name, std::string label,
                                 std::vector<std::string> choices, std::size_t def, Apply apply,
                                 std::string help) {
        const Range range{0, static_cast<double>(choices.size()) - 1, static_cast<double>(def)};
        return spec(std::move(name), std::move(label), "", range, std::move(choices), apply,
                    std::move(help));
    }
    static std::size_t add(KnobList& list, ParamSpec spec) {
        spec.kind = detail::KnobKind<T>::kind;
        return list.add(std::move(spec));
    }
    std::size_t m_index;
};

using IntKnob = Knob<int>;
using RealKnob = Knob<double>;
using BoolKnob = Knob<bool>;
using DurationKnob = Knob<std::chrono::nanoseconds>;
using ChoiceKnob = Knob<std::size_t>;

}  // namespace gorama
