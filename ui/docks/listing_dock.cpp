#include "docks/listing_dock.hpp"

#include <QFontDatabase>
#include <QHeaderView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QThread>
#include <algorithm>
#include <map>

#include <QVBoxLayout>

#include "docks/state_legend.hpp"
#include "goro/world_state.hpp"
#include "scenarios/scenario.hpp"
#include "style/canvas_palette.hpp"

namespace gorama::ui {

namespace {

enum Column { kLineColumn, kCodeColumn, kColumnCount };
constexpr int kChipsRole = Qt::UserRole + 1;  // QVariantList of {name, state}: the first few
constexpr int kCountRole = Qt::UserRole + 2;  // how many goroutines are at the line in all
constexpr int kMaxChips = 6;

// Paints a line of code, then the goroutines at it as rounded chips in their state's colour,
// after the code's end; more than fit (or than kMaxChips) read "+N".
class ChipDelegate final : public QStyledItemDelegate {
  public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* p, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QStyledItemDelegate::paint(p, option, index);
        const QVariantList chips = index.data(kChipsRole).toList();
        const int total = index.data(kCountRole).toInt();
        if (chips.isEmpty()) return;
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        QFont code_font = option.font;
        if (const QVariant v = index.data(Qt::FontRole); v.isValid()) code_font = v.value<QFont>();
        const int text_end = option.rect.left() + 6 +
                             QFontMetrics(code_font).horizontalAdvance(index.data().toString());
        QFont f = option.font;
        f.setFamily(QFontDatabase::systemFont(QFontDatabase::GeneralFont).family());
        f.setBold(true);
        p->setFont(f);
        const QFontMetrics fm(f);
        int x = std::max(text_end + 16, option.rect.left() + 4);
        const int h = option.rect.height() - 4;
        const int y = option.rect.top() + 2;
        int shown = 0;
        for (const QVariant& v : chips) {
            if (shown == kMaxChips) {
                p->setPen(option.palette.text().color());
                p->drawText(QRect(x, y, 80, h), Qt::AlignVCenter,
                            QStringLiteral("+%1").arg(total - shown));
                break;
            }
            const QVariantList c = v.toList();
            const QString name = c.value(0).toString();
            const auto state = static_cast<VisualState>(c.value(1).toInt());
            const int w = fm.horizontalAdvance(name) + 14;
            if (x + w > option.rect.right() && shown > 0) {
                p->setPen(option.palette.text().color());
                p->drawText(QRect(x, y, 80, h), Qt::AlignVCenter,
                            QStringLiteral("+%1").arg(total - shown));
                break;
            }
            p->setPen(Qt::NoPen);
            p->setBrush(state_color(state));
            p->drawRoundedRect(QRect(x, y, w, h), 6, 6);
            p->setPen(state_text_color(state));
            p->drawText(QRect(x, y, w, h), Qt::AlignCenter, name);
            x += w + 4;
            ++shown;
        }
        p->restore();
    }
};

}  // namespace

ListingDock::ListingDock(QWidget* parent)
    : QDockWidget(tr("Go listing"), parent), m_table(new QTableWidget(this)) {
    setObjectName(QStringLiteral("listing_dock"));
    m_table->setColumnCount(kColumnCount);
    m_table->horizontalHeader()->hide();
    m_table->verticalHeader()->hide();
    m_table->setShowGrid(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setWordWrap(false);
    m_table->setItemDelegateForColumn(kCodeColumn, new ChipDelegate(m_table));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(std::max(mono.pointSizeF(), font().pointSizeF()) * 1.15);
    m_table->setFont(mono);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(QFontMetrics(mono).height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(kLineColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_table, 1);
    layout->addWidget(new StateLegend(body));
    setWidget(body);
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        const std::vector<goro::GoroutineId> ids = goroutines_at(row + 1);
        Q_EMIT goroutines_selected(ids);
    });
}

void ListingDock::set_listing(const gorama::GoListing& listing) {
    const QStringList lines =
        QString::fromStdString(listing.code).split(QLatin1Char('\n'), Qt::KeepEmptyParts);
    const int n = static_cast<int>(listing.line_count());
    m_table->clearContents();
    m_table->setRowCount(n);
    m_marks.assign(static_cast<std::size_t>(n), {});
    m_selected.clear();
    m_highlighted.clear();
    for (int i = 0; i < n; ++i) {
        auto* num = new QTableWidgetItem(QString::number(i + 1));
        num->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        num->setForeground(QColor(0x90, 0x90, 0x90));
        m_table->setItem(i, kLineColumn, num);
        // Tabs as four spaces: a cell does not expand tabs.
        QString code = lines.value(i);
        code.replace(QLatin1Char('\t'), QStringLiteral("    "));
        m_table->setItem(i, kCodeColumn, new QTableWidgetItem(code));
    }
}

void ListingDock::show_world(const goro::WorldState& world) {
    Q_ASSERT(QThread::currentThread() == thread());
    std::vector<std::vector<Mark>> marks(m_marks.size());
    for (const auto& [id, g] : world.goroutines) {
        if (g.state == goro::GoState::Finished) continue;
        if (g.site == 0 || g.site > marks.size()) continue;
        marks[g.site - 1].push_back(
            Mark{id, QString::fromStdString(g.name), static_cast<int>(visual_state(g))});
    }
    // Only the lines whose marks changed are touched: the window calls this every frame.
    for (std::size_t i = 0; i < marks.size(); ++i) {
        const auto& a = marks[i];
        const auto& b = m_marks[i];
        const bool same =
            a.size() == b.size() &&
            std::equal(a.begin(), a.end(), b.begin(), [](const Mark& x, const Mark& y) {
                return x.id == y.id && x.state == y.state && x.name == y.name;
            });
        if (same) continue;
        m_marks[i] = std::move(marks[i]);
        refresh_line(static_cast<int>(i));
    }
    refresh_highlight();
}

void ListingDock::refresh_line(int row) {
    const auto& marks = m_marks[static_cast<std::size_t>(row)];
    QVariantList chips;
    // Only what can be drawn: a line may hold thousands of goroutines.
    for (std::size_t i = 0; i < marks.size() && i <= static_cast<std::size_t>(kMaxChips); ++i)
        chips.push_back(QVariantList{marks[i].name, marks[i].state});
    QTableWidgetItem* item = m_table->item(row, kCodeColumn);
    if (!item) return;
    item->setData(kChipsRole, chips);
    item->setData(kCountRole, static_cast<int>(marks.size()));
    QStringList names;
    for (std::size_t i = 0; i < marks.size() && i < 20; ++i)
        names << marks[i].name;
    if (marks.size() > 20) names << tr("and %1 more").arg(marks.size() - 20);
    item->setToolTip(names.join(QStringLiteral(", ")));
    // A tint of the first goroutine's state marks the line itself.
    item->setBackground(
        marks.empty() ? QBrush()
                      : QBrush(state_color(static_cast<VisualState>(marks[0].state)).lighter(165)));
}

void ListingDock::select_goroutines(const std::vector<goro::GoroutineId>& ids) {
    m_selected = ids;
    refresh_highlight();
    if (!m_highlighted.empty()) {
        m_table->scrollToItem(m_table->item(m_highlighted.front(), kCodeColumn),
                              QAbstractItemView::EnsureVisible);
    }
}

void ListingDock::refresh_highlight() {
    std::vector<int> rows;
    for (std::size_t i = 0; i < m_marks.size(); ++i) {
        for (const Mark& m : m_marks[i]) {
            if (std::find(m_selected.begin(), m_selected.end(), m.id) != m_selected.end()) {
                rows.push_back(static_cast<int>(i));
                break;
            }
        }
    }
    if (rows == m_highlighted) return;
    auto mark = [&](int row, bool on) {
        if (row >= m_table->rowCount()) return;
        for (int c = 0; c < kColumnCount; ++c) {
            QTableWidgetItem* it = m_table->item(row, c);
            if (!it) continue;
            QFont f = m_table->font();
            f.setBold(on);
            it->setFont(f);
            if (c == kLineColumn) {
                // A dark gutter marks the selected goroutines' lines.
                it->setText(on ? QStringLiteral("▶ %1").arg(row + 1) : QString::number(row + 1));
                it->setForeground(on ? QColor(Qt::white) : QColor(0x90, 0x90, 0x90));
                it->setBackground(on ? QBrush(QColor(0x20, 0x20, 0x20)) : QBrush());
            }
        }
    };
    for (int r : m_highlighted)
        mark(r, false);
    m_highlighted = std::move(rows);
    for (int r : m_highlighted)
        mark(r, true);
}

int ListingDock::line_count() const {
    return m_table->rowCount();
}

std::vector<goro::GoroutineId> ListingDock::goroutines_at(int line) const {
    std::vector<goro::GoroutineId> ids;
    if (line < 1 || static_cast<std::size_t>(line) > m_marks.size()) return ids;
    for (const Mark& m : m_marks[static_cast<std::size_t>(line - 1)])
        ids.push_back(m.id);
    return ids;
}

std::vector<int> ListingDock::highlighted_lines() const {
    std::vector<int> lines;
    for (int r : m_highlighted)
        lines.push_back(r + 1);
    return lines;
}

}  // namespace gorama::ui
