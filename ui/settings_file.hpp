// A run's settings as a small JSON file, so that a teacher can prepare a lesson and open it
// again: the scenario, its parameters, the seed, the mode and the speed.
//
//   {"gorama": "settings", "version": 1, "scenario": "worker-pool", "seed": 7,
//    "mode": "deterministic", "speed": 2, "params": {"workers": "4", "work_time": "250ms"}}
//
// Parameters are written in the command line's words (format_value) and read back through
// the same checks as --set, so a file can never put a value out of its range. Reading checks
// everything before anything is used: a bad file yields a sentence and no settings at all. Only
// a regular file is read, opened without blocking and read to a hard cap of 1 MiB (a named pipe,
// a device or a folder is refused at once, whatever it would have given). Writing goes through
// goro::write_file_atomically: an existing file is either replaced whole or left as it was.
//
// A settings file may also carry a "title" and a "lesson" (what the class should look at and
// which knob to turn). A guided lesson (lesson/lesson.hpp, resources/lessons/) opens at its
// start, with its title and its first step's text.
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

#include "model/run_model.hpp"

namespace gorama::ui {

struct LessonText {
    QString title;
    QString lesson;
    QString pattern;  // a guided lesson's group in the Lessons menu
    int steps = 0;    // a guided lesson's steps; 0 for a settings file
};

// Reads and checks a settings file; `lesson`, if given, receives its title and text (empty for
// a plain settings file).
std::optional<RunSetup> read_settings(const QString& path, QString& error,
                                      LessonText* lesson = nullptr);
bool write_settings(const QString& path, const RunSetup& setup, QString& error);

// The same checks and the same JSON without a file: `where` names the bytes' source in messages
// (the remembered session, session_memory.hpp).
std::optional<RunSetup> settings_from_json(const QByteArray& bytes, const QString& where,
                                           QString& error, LessonText* lesson = nullptr);
QByteArray settings_json(const RunSetup& setup);

}  // namespace gorama::ui
