// Reading a small input file a user names (a settings file, a lesson) safely: only a regular
// file, opened without blocking (a named pipe with no writer must not hang), its type checked on
// the open descriptor (no race with a rename), and at most one byte past kMaxInputBytes read:
// st_size is not trusted (a device says 0 and never ends). A Qt resource (":/lessons/...") is
// part of the program and read through QFile, with the same cap.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace gorama {

inline constexpr qint64 kMaxInputBytes = 1 << 20;  // a settings file or a lesson is a few KiB

// The bytes of the file at `path`; nullopt and a sentence in `error` otherwise. `what` names
// the kind of file in messages: "settings file", "lesson".
std::optional<QByteArray> read_input_file(const QString& path, const QString& what, QString& error);

// `json` as a JSON object; nullopt and "WHERE is not valid JSON: why." otherwise.
std::optional<QJsonObject> json_object(const QByteArray& json, const QString& where,
                                       QString& error);

}  // namespace gorama
