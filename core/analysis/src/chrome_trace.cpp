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

}  // namespace

struct ChromeTraceWriter::Track {
    std::string slice;  // what the goroutine is doing since `since`
    std::int64_t since = 0;
    bool open = false;
};

ChromeTraceWriter::ChromeTraceWriter(std::ostream& out, std::string_view title) : m_out(out) {
    m_out << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[";
    record(R"("name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":")" +
           json_escape(title) + "\"}");
}

ChromeTraceWriter::~ChromeTraceWriter() = default;

void ChromeTraceWriter::record(const std::string& body) {
    m_out << (m_first ? "\n" : ",\n") << '{' << body << '}';
    m_first = false;
}

void ChromeTraceWriter::close_slice(GoroutineId g, std::int64_t t) {
    auto& tr = m_tracks[g];
    if (!tr) tr = std::make_unique<Track>();
    if (tr->open) {
        record("\"name\":\"" + json_escape(tr->slice) + "\",\"cat\":\"goroutine\",\"ph\":\"X\"," +
               "\"pid\":1,\"tid\":" + std::to_string(g) + ",\"ts\":" + us(tr->since) +
               ",\"dur\":" + us(t - tr->since));
    }
    tr->open = false;
}

void ChromeTraceWriter::open_slice(GoroutineId g, std::string name, std::int64_t t) {
    close_slice(g, t);
    Track& tr = *m_tracks[g];
    tr.slice = std::move(name);
    tr.since = t;
    tr.open = true;
}

void ChromeTraceWriter::add(const Event& e, std::string_view text) {
    m_last = e.time;
    switch (e.kind) {
        case EventKind::GoCreate:
            record(R"("name":"thread_name","ph":"M","pid":1,"tid":)" + std::to_string(e.g) +
                   R"(,"args":{"name":")" + json_escape(text) + "\"}");
            open_slice(e.g, "runnable", e.time);
            break;
        case EventKind::GoRun:
            open_slice(e.g, "running", e.time);
            break;
        case EventKind::GoBlock: {
            std::string name = block_reason_text(as_go_block(e)->reason);
            auto it = m_names.find(e.object);
            if (e.object && it != m_names.end()) name += " " + it->second;
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
            // An ended goroutine has no slice left to close at the end: its track goes.
            m_tracks.erase(e.g);
            break;
        case EventKind::ChanMake:
            m_names[e.object] = std::string(text);
            break;
        case EventKind::ChanSend:
        case EventKind::ChanRecv: {
            const bool send = e.kind == EventKind::ChanSend;
            const std::int64_t len = send ? as_send(e)->length_after : as_recv(e)->length_after;
            const std::string& name = m_names[e.object];
            if (e.msg != 0) {
                // A flow from the sender's slice to the receiver's, keyed by message id.
                record(std::string("\"name\":\"") + json_escape(name) +
                       "\",\"cat\":\"message\",\"ph\":\"" + (send ? "s" : "f") + "\"," +
                       (send ? "" : "\"bp\":\"e\",") + "\"id\":" + std::to_string(e.msg) +
                       ",\"pid\":1,\"tid\":" + std::to_string(e.g) + ",\"ts\":" + us(e.time));
            }
            record("\"name\":\"" + json_escape(name) + "\",\"ph\":\"C\",\"pid\":1,\"ts\":" +
                   us(e.time) + ",\"args\":{\"len\":" + std::to_string(len) + "}");
            break;
        }
        case EventKind::Annotate:
            record("\"name\":\"" + json_escape(text) +
                   "\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,"
                   "\"tid\":" +
                   std::to_string(e.g) + ",\"ts\":" + us(e.time));
            break;
        default:
            break;
    }
}

void ChromeTraceWriter::finish() {
    for (auto& [g, tr] : m_tracks)
        close_slice(g, m_last);
    m_out << "\n]}\n";
}

void write_chrome_trace(std::ostream& out, const Recorder& recorder, std::string_view title) {
    ChromeTraceWriter w(out, title);
    const std::uint64_t n = recorder.published();
    for (std::uint64_t i = recorder.first_retained(); i < n; ++i) {
        const Event& e = recorder.at(i);
        w.add(e, recorder.text(e.text));
    }
    w.finish();
}

}  // namespace goro
