// A guided lesson as the class sees it, in four PNGs of the real window: its first step paused
// at its question and after the reveal, in normal and in presentation mode (F11).
//
//   QT_QPA_PLATFORM=offscreen bench/gorama_lesson_shots LESSON.json OUT_DIR [WIDTHxHEIGHT]
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QThread>
#include <cstdio>

#include "lesson_dock.hpp"
#include "main_window.hpp"
#include "message_banner.hpp"

namespace {

bool frames_until(gorama::ui::MainWindow& w, gorama::ui::LessonDock::Phase phase) {
    QElapsedTimer clock;
    clock.start();
    while (w.lesson_dock().phase() != phase) {
        if (clock.elapsed() > 60'000) return false;
        QApplication::processEvents();
        w.frame();
        QThread::msleep(2);
    }
    for (int i = 0; i < 60; ++i) {  // let the canvas settle (glides, flashes)
        QApplication::processEvents();
        w.frame();
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: gorama_lesson_shots LESSON.json OUT_DIR [WIDTHxHEIGHT]\n");
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[2]);
    int width = 1600, height = 1000;
    if ((argc > 3 && std::sscanf(argv[3], "%dx%d", &width, &height) != 2) || !QDir().mkpath(out)) {
        std::fprintf(stderr, "bad size or output folder\n");
        return 2;
    }
    for (const bool presentation : {false, true}) {
        gorama::ui::MainWindow w;
        w.resize(width, height);
        w.show();
        if (presentation) w.set_presentation(true);
        w.model().set_speed(100);  // the pause depends on the fold, not on the pace
        if (!w.open_settings(QString::fromLocal8Bit(argv[1]))) {
            std::fprintf(stderr, "%s\n", qPrintable(w.file_banner().text()));
            return 2;
        }
        using Phase = gorama::ui::LessonDock::Phase;
        if (!frames_until(w, Phase::Asking)) return 1;
        const QString mode = presentation ? QStringLiteral("f11") : QStringLiteral("normal");
        w.snapshot().save(out + QStringLiteral("/lesson-question-%1.png").arg(mode));
        w.lesson_dock().answer_choice(w.lesson_dock().lesson()->steps[0].ask->answer);
        frames_until(w, Phase::Revealed);
        w.snapshot().save(out + QStringLiteral("/lesson-reveal-%1.png").arg(mode));
    }
    return 0;
}
