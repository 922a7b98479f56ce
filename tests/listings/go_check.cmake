# Every Go listing is a Go program that Go itself accepts: `go vet` passes on each folder of
# scenarios/listings/ and `gofmt -l` lists no file. Fails, never skips, when Go is missing.
#
#   cmake -DGO=<go or GO-NOTFOUND> -DGOFMT=<gofmt> -DLISTINGS=scenarios/listings
#         -DWORK=<scratch folder> -P go_check.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT GO OR NOT GOFMT)
  message(FATAL_ERROR "go or gofmt was not found when CMake configured the build: install "
                      "golang-go (apt-get install golang-go), then configure again")
endif()

# Tests run as root, maybe without HOME: Go's cache and module folder stay in the build tree.
set(ENV{GOCACHE} "${WORK}/go-cache")
set(ENV{GOPATH} "${WORK}/gopath")
set(ENV{GOFLAGS} "")
set(ENV{GO111MODULE} "on")

file(GLOB programs RELATIVE "${LISTINGS}" "${LISTINGS}/*/main.go")
list(LENGTH programs n)
if(n EQUAL 0)
  message(FATAL_ERROR "${LISTINGS}: no listing (*/main.go) found")
endif()

# One vet for every folder (each a package main of the module in go.mod): its messages name the
# file and the line.
execute_process(COMMAND "${GO}" vet ./... WORKING_DIRECTORY "${LISTINGS}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(SEND_ERROR "go vet ./... (in ${LISTINGS}) fails:\n${out}")
endif()

execute_process(COMMAND "${GOFMT}" -l . WORKING_DIRECTORY "${LISTINGS}"
                RESULT_VARIABLE fmt_rc OUTPUT_VARIABLE unformatted ERROR_VARIABLE err)
if(NOT fmt_rc EQUAL 0 OR NOT unformatted STREQUAL "")
  message(SEND_ERROR "gofmt -l (in ${LISTINGS}) lists files that are not in gofmt's format; "
                     "run gofmt -w on them:\n${unformatted}${err}")
endif()

if(NOT rc EQUAL 0 OR NOT fmt_rc EQUAL 0 OR NOT unformatted STREQUAL "")
  message(FATAL_ERROR "Go refuses the listings (above)")
endif()
message(STATUS "go vet and gofmt accept all ${n} listings")
