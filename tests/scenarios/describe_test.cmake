# scenarios/describe.cmake, run as the build runs it: a good description becomes the header its
# program reads, and each kind of mistake stops the build with a message that names it.
#
#   cmake -DDESCRIBE=scenarios/describe.cmake -DWORK=<scratch folder> -P describe_test.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

set(good_json [=[{
  "name": "tiny", "title": "Tiny", "summary": "One job.", "watch_for": "It ends.",
  "expected": "deadlock", "arrangement": "lanes", "teaching_speed": 0.5,
  "roles": [{"match": "worker *", "role": "worker-group", "group": "workers", "compact": true}],
  "counters": [{"name": "done", "label": "Done", "colour": "#0072b2", "meaning": "Jobs done.",
                "flash": "jobs", "mark": "+"}],
  "work_sites": ["send job"],
  "knobs": [
    {"name": "jobs", "type": "int", "label": "Jobs", "unit": "jobs", "min": 1, "max": 9,
     "default": 3, "apply": "restart", "help": "Jobs \"sent\" by main."},
    {"name": "jitter", "type": "real", "label": "Jitter", "min": 0, "max": 1, "default": 0.25,
     "apply": "live", "help": "Spread."},
    {"name": "mode", "type": "choice", "label": "Mode", "choices": ["allow", "wait"],
     "default": 1, "apply": "live", "help": "How."},
    {"name": "stop", "type": "bool", "label": "Stop", "default": false, "apply": "one-shot",
     "help": "Stops."}
  ]
}]=])
set(good_go "package main\n\nfunc main() {\n\tjobs := make(chan int) //@ make jobs\n\tjobs <- 1 //@ send job\n}\n")
set(good_cpp "goro::at(site::make_jobs); goro::at(site::send_job); knob::jobs(p);")

# Runs the generator on (json, go, cpp); sets rc, out (its messages) and header (its output).
function(describe json go cpp)
  file(WRITE "${WORK}/t.json" "${json}")
  file(WRITE "${WORK}/t.go" "${go}")
  file(WRITE "${WORK}/t.cpp" "${cpp}")
  file(REMOVE "${WORK}/t.described.hpp")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DDESCRIPTION=${WORK}/t.json -DLISTING=${WORK}/t.go
            -DPROGRAM=${WORK}/t.cpp -DID=tiny -DOUT=${WORK}/t.described.hpp -P ${DESCRIBE}
    RESULT_VARIABLE r OUTPUT_VARIABLE o ERROR_VARIABLE e)
  string(REGEX REPLACE "[ \n]+" " " e "${e}")
  set(rc "${r}" PARENT_SCOPE)
  set(out "${o}${e}" PARENT_SCOPE)
  set(header "")
  if(EXISTS "${WORK}/t.described.hpp")
    file(READ "${WORK}/t.described.hpp" header)
  endif()
  set(header "${header}" PARENT_SCOPE)
endfunction()

function(failed what)
  message(SEND_ERROR "FAILED: ${what}")
endfunction()

# The good description: every field reaches the header.
describe("${good_json}" "${good_go}" "${good_cpp}")
if(NOT rc EQUAL 0)
  failed("a good description is accepted (${out})")
endif()
foreach(expected
    [[const IntKnob jobs(knobs, "jobs", R"~(Jobs)~", R"~(jobs)~", {1, 9, 3},]]
    [[R"~(Jobs "sent" by main.)~"]]
    [[const RealKnob jitter(knobs, "jitter", R"~(Jitter)~", R"~()~", {0, 1, 0.25},]]
    [[const ChoiceKnob mode(knobs, "mode", R"~(Mode)~", {R"~(allow)~", R"~(wait)~"}, 1,]]
    [[const BoolKnob stop(knobs, "stop", R"~(Stop)~", R"~()~", {0, 1, 0},]]
    [[Apply::OneShot]]
    [[Site make_jobs{sites, "make jobs"};]]
    [[Site send_job{sites, "send job"};]]
    [[i.expected = Outcome::Deadlock;]]
    [[i.arrangement = Arrangement::Lanes;]]
    [[i.teaching_speed = 0.5;]]
    [[i.roles.push_back({R"~(worker *)~", Role::WorkerGroup, R"~(workers)~", true});]]
    [[i.counters.push_back({R"~(done)~", R"~(Done)~", 0x0072b2, R"~(Jobs done.)~", R"~(jobs)~", R"~(+)~"});]]
    [[i.work_sites.push_back(R"~(send job)~");]]
    [[jobs <- 1 //@ send job]])
  string(FIND "${header}" "${expected}" at)
  if(at EQUAL -1)
    failed("the header holds: ${expected}")
  endif()
endforeach()

# Each mistake, and the words its message must contain.
function(refused json go cpp message)
  describe("${json}" "${go}" "${cpp}")
  if(rc EQUAL 0)
    failed("refused: ${message}")
  endif()
  string(FIND "${out}" "${message}" at)
  if(at EQUAL -1)
    failed("the message names it: '${message}' in '${out}'")
  endif()
  if(NOT header STREQUAL "")
    failed("nothing written for: ${message}")
  endif()
endfunction()

string(REPLACE [["title": "Tiny",]] [["titel": "Tiny",]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[unknown field "titel"]])
string(REPLACE [["summary": "One job.",]] "" j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[missing field "summary"]])
string(REPLACE [["default": 3,]] [["default": 30,]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[knob "jobs": the default 30 is outside 1..9]])
string(REPLACE [["default": 0.25,]] [["default": 1.5,]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[knob "jitter": the default 1.5 is outside 0..1]])
string(REPLACE [["apply": "restart"]] [["apply": "later"]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[apply is one of live, restart, one-shot, not "later"]])
string(REPLACE [["type": "int"]] [["type": "integer"]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[type is int, real, duration, bool or choice]])
string(REPLACE [["default": 1, "apply": "live"]] [["default": 2, "apply": "live"]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[the default is the index of one of its 2 choices]])
string(REPLACE [["name": "jitter"]] [["name": "jobs"]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[knob "jobs": two knobs of this name]])
string(REPLACE [["expected": "deadlock"]] [["expected": "crash"]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[expected is one of clean, leak, deadlock, panic]])
string(REPLACE [["#0072b2"]] [["blue"]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[colour is #rrggbb, not "blue"]])
string(REPLACE [[, "mark": "+"]] "" j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[a counter that flashes needs its mark]])
string(REPLACE [["send job"]] [["sned job"]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [[work_sites: "sned job" is not a //@ marker]])
refused("${good_json}" "${good_go}" "goro::at(site::make_jobs); knob::jobs(p);"
        [[the marker "//@ send job" is never used]])
refused("${good_json}" "${good_go}" "${good_cpp} goro::at(site::close_jobs);"
        [[site::close_jobs has no //@ marker]])
refused("${good_json}" "${good_go}" "${good_cpp} knob::workers(p);"
        [[knob::workers is not a knob]])
refused("${good_json}" "package main //@ make jobs\n//@ make jobs\n" "${good_cpp}"
        [[two markers name the site "make jobs"]])
string(REPLACE [["name": "tiny"]] [["name": 3]] j "${good_json}")
refused("${j}" "${good_go}" "${good_cpp}" [["name" must be STRING, not NUMBER]])
refused("{\"name\": " "${good_go}" "${good_cpp}" [[is not valid JSON]])
