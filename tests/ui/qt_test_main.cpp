// main() for the GUI test suites: one QApplication for the whole process (widgets need it).
// Unless the environment chooses a platform, it is the offscreen one with a 1920x1080 screen
// (a classroom projector; the offscreen default is 800x600), so no display is needed.
#include <gtest/gtest.h>

#include <unistd.h>
#include <QApplication>
#include <QDir>
#include <QFile>

int main(int argc, char** argv) {
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    QString config;
    if (platform.isEmpty() || platform == "offscreen") {
        config = QDir::temp().filePath(
            QStringLiteral("gorama-test-screen-%1.json").arg(QString::number(getpid())));
        QFile file(config);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(R"({"screens": [{"name": "projector", "x": 0, "y": 0, "width": 1920,
                           "height": 1080, "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]})");
            file.close();
            qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + config).toLocal8Bit());
        } else {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        }
    }
    int status = 0;
    {
        QApplication app(argc, argv);
        ::testing::InitGoogleTest(&argc, argv);
        status = RUN_ALL_TESTS();
    }
    if (!config.isEmpty()) QFile::remove(config);
    return status;
}
