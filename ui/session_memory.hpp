// The window reopens as the user left it. When a window that remembers (MainWindow::
// set_remember_session) closes, its run (the scenario, every knob's value, the seed, the mode
// and the speed: a settings file's JSON, settings_file.hpp) and its geometry and dock layout go
// to QSettings (organisation and application "Gorama"). `gorama` started without a scenario or
// --settings opens that run again.
//
// What was remembered is read back through the settings file's checks: an entry damaged by hand
// or left by another version is ignored (the window opens at its default scenario), never
// trusted. The store is QSettings' INI file in the user scope: tests point it at a folder of
// their own (QSettings::setPath) so that they never touch a user's settings.
#pragma once

#include <QByteArray>
#include <optional>

#include "model/run_model.hpp"

namespace gorama::ui {

struct RememberedSession {
    std::optional<RunSetup> run;  // none when nothing usable was remembered
    QByteArray geometry;          // QWidget::saveGeometry(), empty if none
    QByteArray docks;             // QMainWindow::saveState(), empty if none
};

void remember_session(const RunSetup& run, const QByteArray& geometry, const QByteArray& docks);
RememberedSession remembered_session();
void forget_session();

}  // namespace gorama::ui
