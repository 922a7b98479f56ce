#include "goro/chrome_trace.hpp"

#include <map>
#include <ostream>
#include <string>

#include "goro/event_fields.hpp"
#include "goro/event_format.hpp"
#include "goro/recorder.hpp"

namespace goro {
namespace {

// Trace timestamps are microseconds; nanosecond precision is kept in the fraction.
std::string us(std::int64_t ns) {
    std::string s = std::to_string(ns / 1000);
    const std::int64_t frac = ns % 1000;
    if (frac != 0) {
        char buf[8];
        std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(frac));
        s += buf;
    }
    return s;
}

class TraceWriter {
  public:
    explicit TraceWriter(std::ostream& out) : m_out(out) {}
    void event(const std::string& body) {
        m_out << (m_first ? "\n" : ",\n") << '{' << body << '}';
        m_first = false;
    }

  private:
    std::ostream& m_out;
    bool m_first = true;
};

struct Track {
    std::string slice;  // what the goroutine is doing since `since`
    std::int64_t since = 0;
    bool open = false;
};

}  // namespace

void write_chrome_trace(std::ostream& out, const Recorder& recorder, std::string_view title) {
    out << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[";
    TraceWriter w(out);
    w.event(R"("name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":")" +
            json_escape(title) + "\"}");
    std::map<GoroutineId, Track> tracks;
    std::map<ObjectId, std::string> names;  // channels and other objects
    auto close_slice = [&](GoroutineId g, std::int64_t t) {
        Track& tr = tracks[g];
        if (tr.open) {
            w.event("\"name\":\"" + json_escape(tr.slice) +
                    "\",\"cat\":\"goroutine\",\"ph\":\"X\"," + "\"pid\":1,\"tid\":" +
                    std::to_string(g) + ",\"ts\":" + us(tr.since) + ",\"dur\":" + us(t - tr.since));
        }
        tr.open = false;
    };
    auto open_slice = [&](GoroutineId g, std::string name, std::int64_t t) {
        close_slice(g, t);
        Track& tr = tracks[g];
        tr.slice = std::move(name);
        tr.since = t;
        tr.open = true;
    };
    std::int64_t last = 0;
    const std::uint64_t n = recorder.published();
    for (std::uint64_t i = recorder.first_retained(); i < n; ++i) {
        const Event& e = recorder.at(i);
        const std::string_view text = recorder.text(e.text);
        last = e.time;
        switch (e.kind) {
            case EventKind::GoCreate:
                w.event(R"("name":"thread_name","ph":"M","pid":1,"tid":)" + std::to_string(e.g) +
                        R"(,"args":{"name":")" + json_escape(text) + "\"}");
                open_slice(e.g, "runnable", e.time);
                break;
            case EventKind::GoRun:
                open_slice(e.g, "running", e.time);
                break;
            case EventKind::GoBlock: {
                std::string name = block_reason_text(as_go_block(e)->reason);
                auto it = names.find(e.object);
                if (e.object && it != names.end()) name += " " + it->second;
                open_slice(e.g, std::move(name), e.time);
                break;
            }
            case EventKind::GoUnblock:
            case EventKind::GoYield:
                open_slice(e.g, "runnable", e.time);
                break;
            case EventKind::GoEnd:
            case EventKind::GoPanic:
                close_slice(e.g, e.time);
                break;
            case EventKind::ChanMake:
                names[e.object] = std::string(text);
                break;
            case EventKind::ChanSend:
            case EventKind::ChanRecv: {
                const bool send = e.kind == EventKind::ChanSend;
                const std::int64_t len = send ? as_send(e)->length_after : as_recv(e)->length_after;
                if (e.msg != 0) {
                    // A flow from the sender's slice to the receiver's, keyed by message id.
                    w.event(std::string("\"name\":\"") + json_escape(names[e.object]) +
                            "\",\"cat\":\"message\",\"ph\":\"" + (send ? "s" : "f") + "\"," +
                            (send ? "" : "\"bp\":\"e\",") + "\"id\":" + std::to_string(e.msg) +
                            ",\"pid\":1,\"tid\":" + std::to_string(e.g) + ",\"ts\":" + us(e.time));
                }
                w.event("\"name\":\"" + json_escape(names[e.object]) +
                        "\",\"ph\":\"C\",\"pid\":1,\"ts\":" + us(e.time) +
                        ",\"args\":{\"len\":" + std::to_string(len) + "}");
                break;
            }
            case EventKind::Annotate:
                w.event("\"name\":\"" + json_escape(text) +
                        "\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,"
                        "\"tid\":" +
                        std::to_string(e.g) + ",\"ts\":" + us(e.time));
                break;
            default:
                break;
        }
    }
    for (auto& [g, tr] : tracks)
        close_slice(g, last);
    out << "\n]}\n";
}

}  // namespace goro
