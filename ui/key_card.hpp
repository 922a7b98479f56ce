// KeyCard: every key of the window on one card (F1 or ?), in text large enough to read from
// the back of a room: each action of the window that has a shortcut, with its keys and what it
// does, read from the actions themselves so the card never disagrees with the menus. Esc, F1
// or ? closes it.
#pragma once

#include <QDialog>
#include <QList>
#include <QStringList>

class QAction;

namespace gorama::ui {

// Each of `actions` that has a shortcut and a text, as "KEYS\tWHAT IT DOES" ("Space\tPlay or
// pause"), in order: what the card and the guide (guide_window.hpp) list.
QStringList key_rows(const QList<QAction*>& actions);

class KeyCard : public QDialog {
    Q_OBJECT
  public:
    // `actions` in the order shown; those without a shortcut or text are left out.
    KeyCard(const QList<QAction*>& actions, double point_size, QWidget* parent);
    // The card's rows as "KEYS\tWHAT IT DOES" (for tests).
    const QStringList& rows() const { return m_rows; }

  protected:
    void keyPressEvent(QKeyEvent* event) override;

  private:
    QStringList m_rows;
};

}  // namespace gorama::ui
