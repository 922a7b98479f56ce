// ParamPanel: the scenario's knobs, generated from its ParamSpecs: a spin box, check box or
// list per parameter, with its unit, range and one-sentence help as a tooltip.
//
// Live parameters apply at once (Params::set, read by the running goroutines on their next
// look). Restart-only ones are marked "restart" and held back: changing one shows a button
// that restarts the run with every value shown (restart_requested).
#pragma once

#include <QWidget>
#include <map>
#include <memory>
#include <string>

class QFormLayout;
class QPushButton;

namespace gorama {
class Params;
struct ParamSpec;
}  // namespace gorama

namespace gorama::ui {

class ParamPanel : public QWidget {
    Q_OBJECT
  public:
    explicit ParamPanel(QWidget* parent = nullptr);

    // Shows the knobs of `params` (the running scenario's live values).
    void set_params(std::shared_ptr<Params> params);
    // A form (Run > Compare's settings) edits values no run reads yet: every edit, live knob or
    // restart-only, goes into the params at once, and no restart button shows.
    void set_form(bool on) { m_editing_copy = on; }
    // Sets a knob as the user would (its editor changes and emits); false if there is none.
    bool set_value(const std::string& name, double value);
    // The value an editor shows (restart-only ones may differ from the running value).
    double shown_value(const std::string& name) const;
    QWidget* editor(const std::string& name) const;
    bool restart_pending() const;

  Q_SIGNALS:
    // The user confirmed restart-only changes: run again with `params` (a fresh copy).
    void restart_requested(std::shared_ptr<gorama::Params> params);
    // A live parameter changed (the running scenario already sees it).
    void live_changed(const QString& name);

  private:
    void edited(const ParamSpec& spec, double value);
    std::shared_ptr<Params> values_with_pending() const;

    std::shared_ptr<Params> m_params;
    std::map<std::string, double> m_pending;  // restart-only edits not yet applied
    std::map<std::string, QWidget*> m_editors;
    QFormLayout* m_form = nullptr;
    QPushButton* m_restart = nullptr;
    bool m_editing_copy = false;
};

}  // namespace gorama::ui
