#include "goro/event_format.hpp"

#include <cstdio>
#include <ostream>

#include "goro/recorder.hpp"

namespace goro {

std::string_view event_kind_name(EventKind kind) {
    static constexpr std::string_view kNames[] = {
        "GoCreate",     "GoRun",         "GoBlock",  "GoUnblock", "GoYield",     "GoEnd",
        "GoPanic",      "ChanMake",      "ChanSend", "ChanRecv",  "ChanClose",   "SelectWait",
        "SelectChosen", "SelectDefault", "TimerSet", "TimerFire", "TimerStop",   "CtxCreate",
        "CtxCancel",    "WgAdd",         "WgWait",   "MutexLock", "MutexUnlock", "Annotate",
        "Metric",       "Deadlock",      "Leak",     "RunEnd",
    };
    static_assert(std::size(kNames) == kEventKindCount);
    const auto i = static_cast<std::size_t>(kind);
    return i < std::size(kNames) ? kNames[i] : "Unknown";
}

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out;
}

std::string event_to_json(const Event& e, const Recorder& recorder) {
    std::string out = "{\"seq\":" + std::to_string(e.seq) + ",\"t\":" + std::to_string(e.time) +
                      ",\"kind\":\"" + std::string(event_kind_name(e.kind)) +
                      "\",\"g\":" + std::to_string(e.g) + ",\"obj\":" + std::to_string(e.object) +
                      ",\"msg\":" + std::to_string(e.msg) + ",\"arg\":" + std::to_string(e.arg) +
                      ",\"aux\":" + std::to_string(e.aux) + ",\"site\":" + std::to_string(e.site);
    if (e.text) out += ",\"text\":\"" + json_escape(recorder.text(e.text)) + "\"";
    out += '}';
    return out;
}

void write_events_jsonl(std::ostream& out, const Recorder& recorder) {
    const std::uint64_t n = recorder.published();
    for (std::uint64_t i = 0; i < n; ++i)
        out << event_to_json(recorder.at(i), recorder) << '\n';
}

}  // namespace goro
