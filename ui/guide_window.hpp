// GuideWindow: Help > Guide, a short offline guide in the app: what each view shows, how to
// teach with it, and how to write a lesson (resources/guide/guide.md, compiled in), followed
// by every key of the window, read from its actions as the key card (F1) reads them, so that
// the guide never disagrees with the menus. A window of its own, so that it can stay open
// beside the run; Esc closes it.
#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTextBrowser;

namespace gorama::ui {

class GuideWindow : public QDialog {
    Q_OBJECT
  public:
    GuideWindow(const QList<QAction*>& actions, QWidget* parent);
    // The text's size in points (presentation mode reads it from the back of a room).
    void set_text_size(double point_size);
    // The guide as shown, in Markdown (for tests).
    const QString& markdown() const { return m_markdown; }

  private:
    QTextBrowser* m_text = nullptr;
    QString m_markdown;
};

}  // namespace gorama::ui
