// CompareDialog: Run > Compare…'s question, "compare which two settings?". The running
// scenario's knobs twice, side by side, A's and B's, both starting at the run's current values:
// the teacher changes B (or both) and presses Compare. The seed, mode and speed are the run's,
// for both (CompareRuns).
#pragma once

#include <QDialog>
#include <memory>

namespace gorama {
class Params;
}

namespace gorama::ui {

class ParamPanel;

class CompareDialog : public QDialog {
    Q_OBJECT
  public:
    // `current`: the run's values; A and B each edit a copy.
    CompareDialog(const Params& current, const QString& scenario_title, QWidget* parent);

    std::shared_ptr<Params> a() const { return m_a; }
    std::shared_ptr<Params> b() const { return m_b; }
    ParamPanel& panel(bool b) { return *(b ? m_panel_b : m_panel_a); }

  private:
    std::shared_ptr<Params> m_a;
    std::shared_ptr<Params> m_b;
    ParamPanel* m_panel_a = nullptr;
    ParamPanel* m_panel_b = nullptr;
};

}  // namespace gorama::ui
