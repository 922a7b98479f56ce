// StateLegend: a row of colour swatches naming the goroutine states, under the timeline and the
// listing. It wraps onto more rows when narrow.
#pragma once

#include <QWidget>
#include <vector>

#include "style/visual_state.hpp"

namespace gorama::ui {

class StateLegend : public QWidget {
  public:
    explicit StateLegend(QWidget* parent = nullptr);
    // The states shown (default: all but BlockedSync and Leaked, which are rarer).
    void set_states(std::vector<VisualState> states);
    // The states shown, in order.
    const std::vector<VisualState>& states() const { return m_states; }

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;

  protected:
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;

  private:
    // Lays the entries out for width `w`; returns the height used; paints when `p` is set.
    int layout(int w, class QPainter* p) const;
    std::vector<VisualState> m_states;
};

}  // namespace gorama::ui
