// A scenario's knobs, declared once as typed objects and read by calling them: `workers(p)`.
//
//   KnobList knobs;
//   const IntKnob workers{knobs, {.name = "workers", .label = "Workers", .min = 1, .max = 16,
//                                 .def = 3, .live = false, .help = "..."}};
//   ...
//   for (int w = 1; w <= workers(p); ++w) ...
//
// The knob's type sets its ParamSpec's kind, so it cannot disagree with how it is read. A knob
// remembers its place in its list, and its scenario's Params hold the values in that order
// (ScenarioBase gives the list's specs to ScenarioInfo::params), so a read is an index, never a
// search by name; a name mistyped in C++ does not compile. Lists and knobs are made during
// static initialisation of the scenario's file, before its scenario object.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
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

    // The value now (any thread). `p` must be the Params of this knob's scenario.
    T operator()(const Params& p) const { return p.value_at<T>(m_index); }
    T operator()(const std::shared_ptr<const Params>& p) const { return (*this)(*p); }

    std::size_t index() const { return m_index; }

  private:
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
