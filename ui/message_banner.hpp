// MessageBanner: a strip above the canvas that says something in plain words and stays until
// dismissed: how a run ended (a deadlock, a leak, a panic: goro::explain's sentences), or why a
// file was refused. Never a modal dialog: the run goes on and tests can read it.
#pragma once

#include <QFrame>
#include <QString>
#include <QStringList>

class QLabel;

namespace gorama::ui {

class MessageBanner : public QFrame {
    Q_OBJECT
  public:
    enum class Kind { Info, Warning, Error };

    explicit MessageBanner(QWidget* parent = nullptr);

    // A headline and sentences below it; replaces what was shown.
    void show_message(Kind kind, const QString& headline, const QStringList& lines = {});
    void dismiss();
    QString text() const;  // everything shown, one line each (empty when hidden)
    Kind kind() const { return m_kind; }

  private:
    QLabel* m_label = nullptr;
    QStringList m_lines;  // the headline and sentences, as plain text
    Kind m_kind = Kind::Info;
};

}  // namespace gorama::ui
