#include "session_memory.hpp"

#include <QSettings>

#include "settings_file.hpp"

namespace gorama::ui {
namespace {

// One version of what is kept: a later layout bumps it, and an older entry is then ignored.
constexpr int kVersion = 1;

QSettings store() {
    return QSettings(QSettings::IniFormat, QSettings::UserScope, QStringLiteral("Gorama"),
                     QStringLiteral("Gorama"));
}

}  // namespace

void remember_session(const RunSetup& run, const QByteArray& geometry, const QByteArray& docks) {
    QSettings s = store();
    s.beginGroup(QStringLiteral("session"));
    s.setValue(QStringLiteral("version"), kVersion);
    s.setValue(QStringLiteral("run"), settings_json(run));
    s.setValue(QStringLiteral("geometry"), geometry);
    s.setValue(QStringLiteral("docks"), docks);
    s.endGroup();
}

RememberedSession remembered_session() {
    QSettings s = store();
    s.beginGroup(QStringLiteral("session"));
    RememberedSession out;
    if (s.value(QStringLiteral("version")).toInt() != kVersion) return out;
    QString ignored;
    out.run = settings_from_json(s.value(QStringLiteral("run")).toByteArray(),
                                 QStringLiteral("the remembered session"), ignored);
    out.geometry = s.value(QStringLiteral("geometry")).toByteArray();
    out.docks = s.value(QStringLiteral("docks")).toByteArray();
    return out;
}

void forget_session() {
    QSettings s = store();
    s.remove(QStringLiteral("session"));
}

}  // namespace gorama::ui
