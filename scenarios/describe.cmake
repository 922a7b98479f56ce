# Turns a scenario's description (NAME.json) and Go listing (listings/CLI-NAME/main.go) into the
# C++ header its program includes (NAME.described.hpp in the build tree): the typed knobs, the
# listing's sites, the listing's text and the ScenarioInfo. scenarios/README.md documents the JSON
# schema and the listing's rules.
#
#   cmake -DDESCRIPTION=x.json -DLISTING=listings/x/main.go -DPROGRAM=x.cpp -DID=x
#         -DOUT=x.described.hpp -P describe.cmake
#
# Checks, each a build error naming the file and the field: an unknown or missing field, a value
# of the wrong type or out of its set, a knob whose default is outside its range, two knobs or
# two sites of one name, a `//@` marker that NAME.cpp never uses as `site::NAME`, and a
# `knob::NAME` or `site::NAME` in NAME.cpp that the description or the listing does not declare.
# The header is rewritten only when its text changes, so an unchanged description rebuilds
# nothing.
cmake_minimum_required(VERSION 3.25)

function(fail message)
  message(FATAL_ERROR "${DESCRIPTION}: ${message}")
endfunction()

# out: the member `key` of `json` (a JSON text); `type`: its JSON type, or fail; optional ones
# may be absent (out is then empty).
function(member out json key type optional)
  string(JSON t ERROR_VARIABLE err TYPE "${json}" "${key}")
  if(err)
    if(optional)
      set(${out} "" PARENT_SCOPE)
      return()
    endif()
    fail("missing field \"${key}\"")
  endif()
  if(NOT t STREQUAL type)
    fail("\"${key}\" must be ${type}, not ${t}")
  endif()
  string(JSON v GET "${json}" "${key}")
  set(${out} "${v}" PARENT_SCOPE)
endfunction()

# Fails on a member of `json` not in the list `allowed` (`where` names the object).
function(only_fields json where)
  string(JSON n LENGTH "${json}")
  if(n EQUAL 0)
    return()
  endif()
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON key MEMBER "${json}" ${i})
    if(NOT key IN_LIST ARGN)
      fail("${where}: unknown field \"${key}\" (known: ${ARGN})")
    endif()
  endforeach()
endfunction()

# out: the C++ enumerator `type`::X that the JSON word `word` names, from `pairs` (word X word X
# ...); fails naming `what` and the words allowed.
function(enumerator out word type what)
  set(pairs ${ARGN})
  list(LENGTH pairs n)
  math(EXPR last "${n} - 1")
  set(words "")
  set(found "")
  foreach(i RANGE 0 ${last} 2)
    math(EXPR j "${i} + 1")
    list(GET pairs ${i} w)
    list(GET pairs ${j} e)
    list(APPEND words "${w}")
    if(w STREQUAL word)
      set(found "${type}::${e}")
    endif()
  endforeach()
  if(NOT found)
    list(JOIN words ", " words)
    fail("${what} is one of ${words}, not \"${word}\"")
  endif()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# A C++ string literal of `text`: raw, so that quotes and backslashes stay as written.
function(literal out text)
  if(text MATCHES "\\)~\"")
    fail("a text contains )~\", which ends a C++ raw string")
  endif()
  set(${out} "R\"~(${text})~\"" PARENT_SCOPE)
endfunction()

# A C++ identifier for a knob's or a marker's name: "worker select" -> worker_select.
function(identifier out name)
  string(REGEX REPLACE "[^A-Za-z0-9_]" "_" id "${name}")
  if(id MATCHES "^[0-9]")
    set(id "_${id}")
  endif()
  set(${out} "${id}" PARENT_SCOPE)
endfunction()

file(READ "${DESCRIPTION}" json)
string(JSON top ERROR_VARIABLE err TYPE "${json}")
if(err)
  fail("is not valid JSON: ${err}")
elseif(NOT top STREQUAL "OBJECT")
  fail("is not a JSON object")
endif()
file(READ "${PROGRAM}" program)
only_fields("${json}" "the description" name title summary watch_for knobs expected
            real_cpu_work arrangement roles teaching_speed work_sites counters departures)

# --- the knobs ------------------------------------------------------------------------------
set(knob_code "")
set(knob_ids "")
member(knobs "${json}" knobs ARRAY FALSE)
string(JSON nknobs LENGTH "${knobs}")
if(nknobs GREATER 0)
  math(EXPR last "${nknobs} - 1")
  foreach(i RANGE ${last})
    string(JSON k GET "${knobs}" ${i})
    member(name "${k}" name STRING FALSE)
    set(where "knob \"${name}\"")
    only_fields("${k}" "${where}" name type label unit min max default apply help choices)
    member(type "${k}" type STRING FALSE)
    member(label "${k}" label STRING FALSE)
    member(unit "${k}" unit STRING TRUE)
    member(apply "${k}" apply STRING FALSE)
    member(help "${k}" help STRING FALSE)
    if(NOT name MATCHES "^[a-z][a-z0-9_]*$")
      fail("${where}: a knob's name is lower_case (it is typed on the command line)")
    endif()
    identifier(id "${name}")
    if(id IN_LIST knob_ids)
      fail("${where}: two knobs of this name")
    endif()
    list(APPEND knob_ids ${id})
    enumerator(apply_cpp "${apply}" Apply "${where}: apply" live Live restart Restart
               one-shot OneShot)
    literal(label_lit "${label}")
    literal(unit_lit "${unit}")
    literal(help_lit "${help}")
    if(type STREQUAL "choice")
      member(choices "${k}" choices ARRAY FALSE)
      member(def "${k}" default NUMBER FALSE)
      string(JSON nchoices LENGTH "${choices}")
      if(NOT def MATCHES "^[0-9]+$" OR NOT def LESS nchoices)
        fail("${where}: the default is the index of one of its ${nchoices} choices")
      endif()
      set(list_lit "")
      math(EXPR lastc "${nchoices} - 1")
      foreach(c RANGE ${lastc})
        string(JSON choice GET "${choices}" ${c})
        literal(choice_lit "${choice}")
        list(APPEND list_lit "${choice_lit}")
      endforeach()
      list(JOIN list_lit ", " list_lit)
      string(APPEND knob_code
             "const ChoiceKnob ${id}(knobs, \"${name}\", ${label_lit}, {${list_lit}}, ${def},\n"
             "                       ${apply_cpp}, ${help_lit});\n")
      continue()
    endif()
    if(type STREQUAL "bool")
      member(def "${k}" default BOOLEAN FALSE)
      if(def)
        set(range "{0, 1, 1}")
      else()
        set(range "{0, 1, 0}")
      endif()
      set(cls BoolKnob)
    else()
      member(min "${k}" min NUMBER FALSE)
      member(max "${k}" max NUMBER FALSE)
      member(def "${k}" default NUMBER FALSE)
      if(type STREQUAL "int")
        set(cls IntKnob)
      elseif(type STREQUAL "real")
        set(cls RealKnob)
      elseif(type STREQUAL "duration")
        set(cls DurationKnob)
      else()
        fail("${where}: type is int, real, duration, bool or choice, not \"${type}\"")
      endif()
      # Numbers compare as reals: CMake's LESS is integral, so scale by a million first.
      foreach(v min max def)
        string(REGEX MATCH "^(-?)([0-9]+)(\\.([0-9]*))?$" m "${${v}}")
        if(m STREQUAL "")
          fail("${where}: ${v} ${${v}} is not a plain decimal number")
        endif()
        set(frac "${CMAKE_MATCH_4}000000")
        string(SUBSTRING "${frac}" 0 6 frac)
        # "1${frac} - 1000000": no leading zero reaches math().
        math(EXPR ${v}_scaled "${CMAKE_MATCH_2} * 1000000 + 1${frac} - 1000000")
        if(CMAKE_MATCH_1)
          math(EXPR ${v}_scaled "-${${v}_scaled}")
        endif()
      endforeach()
      if(def_scaled LESS min_scaled OR def_scaled GREATER max_scaled)
        fail("${where}: the default ${def} is outside ${min}..${max}")
      endif()
      set(range "{${min}, ${max}, ${def}}")
    endif()
    string(APPEND knob_code
           "const ${cls} ${id}(knobs, \"${name}\", ${label_lit}, ${unit_lit}, ${range},\n"
           "                   ${apply_cpp}, ${help_lit});\n")
  endforeach()
endif()

# --- the listing and its sites ----------------------------------------------------------------
file(READ "${LISTING}" listing)
string(REGEX MATCHALL "//@[^\n]*" markers "${listing}")
set(site_code "")
set(site_ids "")
foreach(marker IN LISTS markers)
  string(REGEX REPLACE "^//@" "" name "${marker}")
  string(STRIP "${name}" name)
  identifier(id "${name}")
  if(id IN_LIST site_ids)
    fail("${LISTING}: two markers name the site \"${name}\"")
  endif()
  list(APPEND site_ids ${id})
  string(FIND "${program}" "site::${id}" used)
  if(used EQUAL -1)
    message(FATAL_ERROR "${LISTING}: the marker \"//@ ${name}\" is never used: "
                        "${PROGRAM} has no site::${id}")
  endif()
  string(APPEND site_code "Site ${id}{sites, \"${name}\"};\n")
endforeach()
if(listing MATCHES "\\)~GO\"")
  fail("${LISTING} contains )~GO\", which ends a C++ raw string")
endif()

# Every knob:: and site:: the program reads is declared (the compiler would say so too, later
# and less clearly).
string(REGEX MATCHALL "(knob|site)::[A-Za-z0-9_]+" uses "${program}")
list(REMOVE_DUPLICATES uses)
foreach(use IN LISTS uses)
  string(REGEX REPLACE "^(knob|site)::" "" id "${use}")
  if(use MATCHES "^knob::" AND NOT id IN_LIST knob_ids)
    message(FATAL_ERROR "${PROGRAM}: ${use} is not a knob of ${DESCRIPTION}")
  elseif(use MATCHES "^site::" AND NOT id IN_LIST site_ids)
    message(FATAL_ERROR "${PROGRAM}: ${use} has no //@ marker in ${LISTING}")
  endif()
endforeach()

# --- the rest of ScenarioInfo -----------------------------------------------------------------
set(info "")
foreach(field name title summary watch_for)
  member(v "${json}" ${field} STRING FALSE)
  literal(lit "${v}")
  string(APPEND info "    i.${field} = ${lit};\n")
endforeach()
member(expected "${json}" expected STRING TRUE)
if(expected)
  enumerator(e "${expected}" Outcome expected clean Clean leak Leak deadlock Deadlock panic Panic)
  string(APPEND info "    i.expected = ${e};\n")
endif()
member(cpu "${json}" real_cpu_work BOOLEAN TRUE)
if(cpu)
  string(APPEND info "    i.real_cpu_work = true;\n")
endif()
member(arrangement "${json}" arrangement STRING TRUE)
if(arrangement)
  enumerator(e "${arrangement}" Arrangement arrangement layered Layered lanes Lanes fan Fan
             chain Chain)
  string(APPEND info "    i.arrangement = ${e};\n")
endif()
member(speed "${json}" teaching_speed NUMBER TRUE)
if(NOT speed STREQUAL "")
  string(APPEND info "    i.teaching_speed = ${speed};\n")
endif()
member(departures "${json}" departures STRING TRUE)
if(departures)
  literal(lit "${departures}")
  string(APPEND info "    i.departures = ${lit};\n")
endif()
member(work_sites "${json}" work_sites ARRAY TRUE)
if(work_sites)
  string(JSON n LENGTH "${work_sites}")
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON s GET "${work_sites}" ${i})
    identifier(id "${s}")
    if(NOT id IN_LIST site_ids)
      fail("work_sites: \"${s}\" is not a //@ marker of ${LISTING}")
    endif()
    literal(lit "${s}")
    string(APPEND info "    i.work_sites.push_back(${lit});\n")
  endforeach()
endif()
member(roles "${json}" roles ARRAY TRUE)
if(roles)
  string(JSON n LENGTH "${roles}")
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON r GET "${roles}" ${i})
    only_fields("${r}" "roles[${i}]" match role group compact)
    member(match "${r}" match STRING FALSE)
    member(role "${r}" role STRING FALSE)
    member(group "${r}" group STRING TRUE)
    member(compact "${r}" compact BOOLEAN TRUE)
    if(compact)
      set(compact true)
    else()
      set(compact false)
    endif()
    enumerator(role_cpp "${role}" Role "roles[${i}]: role" source Source queue Queue
               worker-group WorkerGroup stage Stage sink Sink limiter Limiter plumbing Plumbing)
    literal(match_lit "${match}")
    literal(group_lit "${group}")
    string(APPEND info
           "    i.roles.push_back({${match_lit}, ${role_cpp}, ${group_lit}, ${compact}});\n")
  endforeach()
endif()
member(counters "${json}" counters ARRAY TRUE)
if(counters)
  string(JSON n LENGTH "${counters}")
  math(EXPR last "${n} - 1")
  foreach(i RANGE ${last})
    string(JSON c GET "${counters}" ${i})
    only_fields("${c}" "counters[${i}]" name label colour meaning flash mark)
    member(cname "${c}" name STRING FALSE)
    member(clabel "${c}" label STRING FALSE)
    member(colour "${c}" colour STRING FALSE)
    member(meaning "${c}" meaning STRING FALSE)
    member(flash "${c}" flash STRING TRUE)
    member(mark "${c}" mark STRING TRUE)
    if(flash AND NOT mark)
      fail("counters[${i}]: a counter that flashes needs its mark")
    endif()
    if(NOT colour MATCHES "^#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$")
      fail("counters[${i}]: colour is #rrggbb, not \"${colour}\"")
    endif()
    string(SUBSTRING "${colour}" 1 6 hex)
    literal(n_lit "${cname}")
    literal(l_lit "${clabel}")
    literal(m_lit "${meaning}")
    literal(f_lit "${flash}")
    literal(k_lit "${mark}")
    string(APPEND info "    i.counters.push_back({${n_lit}, ${l_lit}, 0x${hex}, ${m_lit}, ${f_lit}, "
                       "${k_lit}});\n")
  endforeach()
endif()

get_filename_component(json_name "${DESCRIPTION}" NAME)
get_filename_component(go_dir "${LISTING}" DIRECTORY)
get_filename_component(go_dir "${go_dir}" NAME)
get_filename_component(go_name "${LISTING}" NAME)
set(header "// Generated from scenarios/${json_name} and scenarios/listings/${go_dir}/${go_name} by
// scenarios/describe.cmake: edit those, not this file. Included by exactly one file, the
// scenario's program, which reads `knob::NAME(p)`, `site::NAME`, kListing and description().
#pragma once

// What every program uses: the engine, the registry its GORAMA_SCENARIO line defines an entry
// of, and the simulated work.
#include \"goro/goro.hpp\"
#include \"scenarios/registry.hpp\"
#include \"scenarios/scenario.hpp\"
#include \"scenarios/sim.hpp\"

namespace gorama::described::${ID} {
namespace {

KnobList knobs;
namespace knob {
${knob_code}}  // namespace knob

SiteList sites;
namespace site {
${site_code}}  // namespace site

const char* const kListing = R\"~GO(${listing})~GO\";

ScenarioInfo description() {
    ScenarioInfo i;
${info}    return i;
}

}  // namespace
}  // namespace gorama::described::${ID}
")
file(WRITE "${OUT}.tmp" "${header}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
