#include "docks/event_log_dock.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <initializer_list>

#include "model/event_log_model.hpp"

namespace gorama::ui {

namespace {

using goro::EventKind;
using Kinds = std::bitset<goro::kEventKindCount>;

Kinds kinds(std::initializer_list<EventKind> list) {
    Kinds k;
    for (EventKind e : list)
        k.set(static_cast<std::size_t>(e));
    return k;
}

struct KindGroup {
    const char* label;
    Kinds kinds;
};

// The kind menu: all, a few groups a lesson talks about, then every kind alone.
std::vector<KindGroup> kind_groups() {
    std::vector<KindGroup> g = {
        {"all kinds", EventLogModel::Filter::all_kinds()},
        {"channel ops (send, receive, close)",
         kinds({EventKind::ChanMake, EventKind::ChanSend, EventKind::ChanRecv, EventKind::ChanClose,
                EventKind::ChanUnreachable})},
        {"blocking and waking", kinds({EventKind::GoBlock, EventKind::GoUnblock})},
        {"select",
         kinds({EventKind::SelectWait, EventKind::SelectChosen, EventKind::SelectDefault})},
        {"goroutines start and end",
         kinds({EventKind::GoCreate, EventKind::GoEnd, EventKind::GoPanic, EventKind::Leak})},
        {"timers and contexts",
         kinds({EventKind::TimerSet, EventKind::TimerFire, EventKind::TimerStop,
                EventKind::CtxCreate, EventKind::CtxCancel})},
        {"problems (panic, deadlock, leak)",
         kinds({EventKind::GoPanic, EventKind::Deadlock, EventKind::Leak})},
        {"metrics and notes", kinds({EventKind::Metric, EventKind::Annotate})},
    };
    return g;
}

}  // namespace

EventLogDock::EventLogDock(EventLogModel* model, QWidget* parent)
    : QDockWidget(tr("Event log"), parent),
      m_model(model),
      m_view(new QTableView),
      m_goroutine(new QComboBox),
      m_channel(new QComboBox),
      m_kind(new QComboBox) {
    setObjectName(QStringLiteral("event_log_dock"));
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show")));
    bar->addWidget(m_goroutine, 1);
    bar->addWidget(m_channel, 1);
    bar->addWidget(m_kind, 1);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    setWidget(body);

    for (const KindGroup& g : kind_groups())
        m_kind->addItem(tr(g.label));
    m_kind->insertSeparator(m_kind->count());
    for (int k = 0; k < goro::kEventKindCount; ++k) {
        const auto name = goro::event_kind_name(static_cast<EventKind>(k));
        m_kind->addItem(QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())), k);
    }
    refill_names();

    m_view->setModel(m_model);
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    QFont f = m_view->font();
    f.setPointSizeF(f.pointSizeF() * 1.1);
    m_view->setFont(f);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(QFontMetrics(f).height() + 6);
    QHeaderView* h = m_view->horizontalHeader();
    h->setStretchLastSection(true);
    const int em = QFontMetrics(f).horizontalAdvance(QLatin1Char('m'));
    m_view->setColumnWidth(EventLogModel::TimeColumn, 7 * em);
    m_view->setColumnWidth(EventLogModel::GoroutineColumn, 9 * em);
    m_view->setColumnWidth(EventLogModel::KindColumn, 9 * em);
    m_view->setColumnWidth(EventLogModel::ObjectColumn, 7 * em);

    connect(m_model, &EventLogModel::names_changed, this, &EventLogDock::refill_names);
    connect(m_goroutine, &QComboBox::activated, this, &EventLogDock::apply_filters);
    connect(m_channel, &QComboBox::activated, this, &EventLogDock::apply_filters);
    connect(m_kind, &QComboBox::activated, this, &EventLogDock::apply_filters);
    // Following: scrolled to the bottom by the user means "follow"; anywhere else means stop.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        if (m_scrolling) return;
        m_follow = v >= m_view->verticalScrollBar()->maximum();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_follow) return;
        m_scrolling = true;
        m_view->scrollToBottom();
        m_scrolling = false;
    });
    connect(m_view, &QTableView::clicked, this,
            [this](const QModelIndex& i) { Q_EMIT seq_activated(m_model->seq_at(i.row())); });
}

void EventLogDock::set_following(bool follow) {
    m_follow = follow;
    if (follow) {
        m_scrolling = true;
        m_view->scrollToBottom();
        m_scrolling = false;
    }
}

void EventLogDock::select_seq(std::uint64_t seq) {
    const int row = m_model->row_at_or_before(seq);
    if (row < 0) return;
    m_scrolling = true;
    m_follow = false;
    const QModelIndex index = m_model->index(row, EventLogModel::TextColumn);
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_scrolling = false;
}

void EventLogDock::refill_names() {
    auto refill = [](QComboBox* box, const QString& all,
                     const std::vector<EventLogModel::Named>& names) {
        const QVariant current = box->currentData();
        if (box->count() == static_cast<int>(names.size()) + 1 && box->count() > 0) return;
        box->clear();
        box->addItem(all);
        for (const auto& n : names)
            box->addItem(n.name, n.id);
        const int i = current.isValid() ? box->findData(current) : 0;
        box->setCurrentIndex(i < 0 ? 0 : i);
    };
    refill(m_goroutine, tr("all goroutines"), m_model->goroutines());
    refill(m_channel, tr("all channels"), m_model->channels());
}

void EventLogDock::apply_filters() {
    EventLogModel::Filter f;
    if (m_goroutine->currentIndex() > 0)
        f.goroutine = m_goroutine->currentData().value<goro::GoroutineId>();
    if (m_channel->currentIndex() > 0) f.object = m_channel->currentData().value<goro::ObjectId>();
    const std::vector<KindGroup> groups = kind_groups();
    const int k = m_kind->currentIndex();
    if (k >= 0 && k < static_cast<int>(groups.size())) {
        f.kinds = groups[static_cast<std::size_t>(k)].kinds;
    } else if (m_kind->currentData().isValid()) {
        f.kinds = Kinds().set(static_cast<std::size_t>(m_kind->currentData().toInt()));
    }
    m_model->set_filter(f);
    set_following(true);
}

}  // namespace gorama::ui
