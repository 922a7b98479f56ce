// gorama [SCENARIO] [--set NAME=VALUE ...] [--seed N] [--mode deterministic|parallel]
//        [--speed X] [--settings FILE.json] [--presentation] [--screenshot FILE.png [--after D]]
#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QSaveFile>
#include <QTimer>
#include <ostream>

#include "commands.hpp"
#include "main_window.hpp"
#include "run_options.hpp"
#include "settings_file.hpp"

namespace gorama {
namespace {

// The run the window opens with: a settings file if given, then the command line's choices.
std::optional<ui::RunSetup> make_setup(const RunOptions& o, std::string& error) {
    ui::RunSetup setup;
    if (!o.settings.empty()) {
        if (o.scenario_given) {
            error = "give a scenario or --settings, not both (the file names its scenario)";
            return std::nullopt;
        }
        QString why;
        auto loaded = ui::read_settings(QString::fromStdString(o.settings), why);
        if (!loaded) {
            error = why.toStdString();
            return std::nullopt;
        }
        setup = std::move(*loaded);
        for (const std::string& assignment : o.sets) {
            if (!setup.params->set_text(assignment, error)) return std::nullopt;
        }
    } else {
        setup.scenario = o.scenario;
        setup.params = make_params(*o.scenario, o.sets, error);
        if (!setup.params) return std::nullopt;
    }
    if (o.settings.empty() || o.seed_given) setup.seed = o.seed;
    if (o.settings.empty() || o.mode_given) setup.mode = o.mode;
    // Without --speed the window opens a scenario at its teaching speed (a settings file keeps
    // its own).
    if (o.speed_given) {
        setup.speed = o.speed;
    } else if (o.settings.empty()) {
        setup.speed = setup.scenario->info().teaching_speed;
    }
    return setup;
}

// Lets the window run its frames for `ms` of wall time (layout, animation, docks).
void settle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

}  // namespace

int window_command(const std::vector<std::string>& args, int& argc, char** argv, std::ostream& out,
                   std::ostream& err) {
    std::string error;
    const auto o = parse_run_options(Command::Window, args, error);
    auto setup = o ? make_setup(*o, error) : std::nullopt;
    if (!setup) {
        err << "gorama: " << error << '\n';
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("Gorama");
    ui::MainWindow window;
    window.show();
    if (o->presentation) window.set_presentation(true);
    if (o->screenshot.empty()) {
        window.open_run(std::move(*setup));
        return QApplication::exec();
    }
    // Screenshot: run to the requested virtual time without pacing, let the window draw, save.
    if (setup->mode != goro::Mode::Deterministic) {
        err << "gorama: --screenshot needs the deterministic mode (the parallel one runs on the "
               "wall clock)\n";
        return 2;
    }
    window.open_run(std::move(*setup), /*play=*/false);
    window.model().fast_forward(goro::Time(static_cast<std::int64_t>(o->after_ms * 1e6)));
    settle(600);
    const QImage image = window.snapshot();
    QSaveFile file(QString::fromStdString(o->screenshot));
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        err << "gorama: cannot write " << o->screenshot << ": " << file.errorString().toStdString()
            << '\n';
        return 2;
    }
    out << "wrote " << o->screenshot << " (" << image.width() << "x" << image.height() << ")\n";
    return 0;
}

}  // namespace gorama
