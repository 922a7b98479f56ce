// Text forms of events: one JSON object per line (the --events export and the byte-for-byte
// determinism tests) and a short human sentence (the event log).
#pragma once

#include <iosfwd>
#include <string>

#include "goro/event.hpp"

namespace goro {

class Recorder;

// {"seq":0,"t":0,"kind":"GoCreate","g":1,"obj":0,"msg":0,"arg":0,"aux":0,"site":0,"text":"main"}
std::string event_to_json(const Event& e, const Recorder& recorder);
// Writes every published event of `recorder`, one JSON object per line.
void write_events_jsonl(std::ostream& out, const Recorder& recorder);
// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);

}  // namespace goro
