// Runs a window's frames as its 60 Hz timer would (events processed, then one frame) until
// `done`, calling `each` after every frame; false if `ms` of wall time pass first. For any
// window with a public frame() (MainWindow, CompareWindow).
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QThread>
#include <functional>

namespace gorama::testing {

template <class Window>
bool frames_until(Window& w, const std::function<bool()>& done,
                  const std::function<void()>& each = {}, int ms = 5000) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > ms) return false;
        QApplication::processEvents();
        w.frame();
        if (each) each();
        QThread::msleep(2);
    }
    return true;
}

}  // namespace gorama::testing
