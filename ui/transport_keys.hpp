// TransportKeys: the keys that drive the run (Space play/pause, Left and Right step, Shift+Right,
// R restart) reach the transport wherever the focus is, except in a text field that needs them
// (the seed; any QLineEdit that is not a spin box's). A spin box never takes them: Space never
// edits a number, and Left and Right step the run instead of moving a cursor in it. Enter in a
// spin box commits its value and hands the focus back to `home` (the canvas), so the next Space
// plays.
//
// Install it on the application (QApplication::installEventFilter); it looks only at
// ShortcutOverride and key-press events. GUI thread.
#pragma once

#include <QObject>
#include <QPointer>

class QKeyEvent;
class QWidget;

namespace gorama::ui {

class TransportKeys : public QObject {
    Q_OBJECT
  public:
    TransportKeys(QWidget* home, QObject* parent);
    // Whether `key` is one of the transport's keys.
    static bool is_transport_key(const QKeyEvent& key);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    QPointer<QWidget> m_home;
};

}  // namespace gorama::ui
