// Scenario parameters: their specs as data, and the live values a running scenario reads.
//
// A ParamSpec says everything the control panel, the command line and lesson presets need:
// name, label, kind, unit, range, default, and whether a change applies while the scenario
// runs (live) or needs a restart. Params holds the current values; it is read by goroutines
// on engine threads and written by the GUI or a preset at any time, so every value is an
// atomic and a version counter tells readers that something changed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gorama {

enum class ParamKind : std::uint8_t {
    Int,       // a whole number
    Real,      // a real number (probabilities, rates)
    Duration,  // a time on the runtime's clock; values are in milliseconds
    Bool,      // 0 or 1
    Choice,    // one of `choices`; the value is the index
};

struct ParamSpec {
    std::string name{};   // the command line's name: "workers", "work_time"
    std::string label{};  // the panel's label: "Workers", "Work time"
    ParamKind kind = ParamKind::Int;
    std::string unit{};  // shown after the value: "ms", "%", "items"
    double min = 0;
    double max = 0;
    double def = 0;
    bool live = true;                    // applies while running; false: takes effect on restart
    std::vector<std::string> choices{};  // Choice only
    std::string help{};                  // one sentence: what turning this knob shows
    bool one_shot = false;               // an action ("Stop now"): back to its default on restart
};

// Formats a value of `spec` the way the command line accepts it: "4", "0.25", "250ms", "true",
// "bursty".
std::string format_value(const ParamSpec& spec, double value);

// Parses text for `spec`: a number for Int and Real ("4", "0.25"), a duration with a unit
// for Duration ("250ms", "1.5s", "2m", "800us"; a bare number means milliseconds), true/false
// for Bool, a choice's name for Choice. Checks the type and the range. On failure returns
// nullopt and sets `error` to a sentence for the user.
std::optional<double> parse_value(const ParamSpec& spec, std::string_view text, std::string& error);

class Params {
  public:
    explicit Params(std::vector<ParamSpec> specs);

    // A new Params with the same specs and the values as they are now (a run that starts again
    // keeps the knobs where the user left them, without sharing them with the old run), but for
    // one-shot actions ("Stop now"), which are back at their defaults: a restart undoes them.
    std::shared_ptr<Params> copy() const;

    const std::vector<ParamSpec>& specs() const { return m_specs; }
    const ParamSpec* spec(std::string_view name) const;

    // Sets a value after checking its range; returns false (and says why) if out of range or
    // unknown. Thread-safe.
    bool set(std::string_view name, double value, std::string& error);
    // Parses and sets "NAME=VALUE"; returns false with a message on any bad input.
    bool set_text(std::string_view assignment, std::string& error);

    // Readers (any thread). An unknown name is a programming error: it throws.
    double get(std::string_view name) const;
    int get_int(std::string_view name) const;
    bool get_bool(std::string_view name) const;
    std::chrono::nanoseconds get_duration(std::string_view name) const;
    std::size_t get_choice(std::string_view name) const;

    // The value of the spec at `index`, as T (int, double, bool, std::chrono::nanoseconds or a
    // Choice's std::size_t): what a Knob reads (scenarios/knobs.hpp). Any thread.
    template <class T>
    T value_at(std::size_t index) const;

    // Increases with every set(): a goroutine that caches values compares it.
    std::uint64_t version() const { return m_version.load(std::memory_order_acquire); }

  private:
    std::size_t index(std::string_view name) const;
    double raw(std::size_t index) const;
    std::vector<ParamSpec> m_specs;
    std::unique_ptr<std::atomic<double>[]> m_values;
    std::atomic<std::uint64_t> m_version{0};
};

template <>
double Params::value_at<double>(std::size_t index) const;
template <>
int Params::value_at<int>(std::size_t index) const;
template <>
bool Params::value_at<bool>(std::size_t index) const;
template <>
std::chrono::nanoseconds Params::value_at<std::chrono::nanoseconds>(std::size_t index) const;
template <>
std::size_t Params::value_at<std::size_t>(std::size_t index) const;

}  // namespace gorama
