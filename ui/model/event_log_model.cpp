#include "model/event_log_model.hpp"

#include <QColor>
#include <QFont>
#include <QThread>
#include <algorithm>

#include "goro/recorder.hpp"

namespace gorama::ui {

goro::ObjectId event_object(const goro::Event& e) {
    using goro::EventKind;
    switch (e.kind) {
        case EventKind::GoCreate:
        case EventKind::GoRun:
        case EventKind::GoUnblock:
        case EventKind::GoYield:
        case EventKind::GoEnd:
        case EventKind::GoPanic:
        case EventKind::Annotate:
        case EventKind::Metric:
        case EventKind::Deadlock:
        case EventKind::RunEnd:
            return 0;
        default:
            return e.object;
    }
}

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {
}

void EventLogModel::reset(const goro::Recorder* recorder) {
    beginResetModel();
    m_recorder = recorder;
    m_rows.clear();
    m_pending.clear();
    m_named = false;
    m_next = 0;
    m_names.clear();
    m_goroutine_list.clear();
    m_channel_list.clear();
    endResetModel();
    Q_EMIT names_changed();
}

bool EventLogModel::accepts(const goro::Event& e) const {
    if (!m_filter.kinds.test(static_cast<std::size_t>(e.kind))) return false;
    if (m_filter.goroutine && e.g != *m_filter.goroutine) return false;
    if (m_filter.object && event_object(e) != *m_filter.object) return false;
    return true;
}

void EventLogModel::fold(std::uint64_t seq, const goro::Event& e) {
    Q_ASSERT(m_recorder && seq == m_next);
    m_next = seq + 1;
    if (e.kind == goro::EventKind::GoCreate || e.kind == goro::EventKind::ChanMake) {
        m_names.note(e, m_recorder->text(e.text), seq);
        auto& list = e.kind == goro::EventKind::GoCreate ? m_goroutine_list : m_channel_list;
        if (list.size() < kMaxListed) {
            list.push_back({e.kind == goro::EventKind::GoCreate ? e.g : e.object,
                            QString::fromUtf8(m_recorder->text(e.text))});
            m_named = true;
        }
    } else {
        m_names.note(e, m_recorder->text(e.text), seq);  // contexts, and what ends
    }
    if (!accepts(e)) return;
    // Only the newest max_rows() of a frame can stay.
    if (m_pending.size() == 2 * m_max_rows)
        m_pending.erase(m_pending.begin(),
                        m_pending.begin() + static_cast<std::ptrdiff_t>(m_max_rows));
    m_pending.push_back(seq);
}

void EventLogModel::publish() {
    Q_ASSERT(QThread::currentThread() == thread());
    drop_discarded();
    // Names no retained event can use go too: the index holds what is alive or recent.
    m_names.forget_gone_before(m_recorder ? m_recorder->first_retained() : 0);
    std::vector<std::uint64_t> fresh;
    fresh.swap(m_pending);
    add_rows(std::move(fresh));
    if (m_named) Q_EMIT names_changed();
    m_named = false;
}

void EventLogModel::add_rows(std::vector<std::uint64_t> fresh) {
    if (fresh.size() > m_max_rows)
        fresh.erase(fresh.begin(), fresh.end() - static_cast<std::ptrdiff_t>(m_max_rows));
    if (fresh.empty()) return;
    const std::size_t excess =
        m_rows.size() + fresh.size() > m_max_rows ? m_rows.size() + fresh.size() - m_max_rows : 0;
    if (excess > 0) {
        beginRemoveRows({}, 0, static_cast<int>(excess) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + static_cast<std::ptrdiff_t>(excess));
        endRemoveRows();
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(fresh.size()) - 1);
    m_rows.insert(m_rows.end(), fresh.begin(), fresh.end());
    endInsertRows();
}

void EventLogModel::drop_discarded() {
    // The recorder may have freed the oldest events (Recorder::discard_before): their rows go.
    const std::uint64_t first = m_recorder ? m_recorder->first_retained() : 0;
    const auto end = std::lower_bound(m_rows.begin(), m_rows.end(), first);
    const auto n = std::distance(m_rows.begin(), end);
    if (n == 0) return;
    beginRemoveRows({}, 0, static_cast<int>(n) - 1);
    m_rows.erase(m_rows.begin(), end);
    endRemoveRows();
}

void EventLogModel::set_filter(const Filter& filter) {
    if (filter == m_filter) return;
    m_filter = filter;
    rebuild();
}

void EventLogModel::set_max_rows(std::size_t n) {
    m_max_rows = std::max<std::size_t>(n, 1);
    rebuild();
}

void EventLogModel::rebuild() {
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    if (m_recorder) {
        const std::uint64_t stop = std::max(m_next > kMaxRebuildScan ? m_next - kMaxRebuildScan : 0,
                                            m_recorder->first_retained());
        for (std::uint64_t s = m_next; s > stop && m_rows.size() < m_max_rows; --s) {
            if (accepts(m_recorder->at(s - 1))) m_rows.push_front(s - 1);
        }
    }
    endResetModel();
}

std::uint64_t EventLogModel::seq_at(int row) const {
    return row >= 0 && static_cast<std::size_t>(row) < m_rows.size()
               ? m_rows[static_cast<std::size_t>(row)]
               : UINT64_MAX;
}

int EventLogModel::row_at_or_before(std::uint64_t seq) const {
    auto it = std::upper_bound(m_rows.begin(), m_rows.end(), seq);
    if (it == m_rows.begin()) return -1;
    return static_cast<int>(std::distance(m_rows.begin(), it)) - 1;
}

QString EventLogModel::goroutine_name(goro::GoroutineId id) const {
    if (id == 0) return tr("runtime");
    const std::string_view name = m_names.goroutine(id);
    if (name.empty()) return QStringLiteral("g%1").arg(id);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString EventLogModel::object_name(const goro::Event& e) const {
    const goro::ObjectId id = event_object(e);
    if (id == 0) return {};
    if (const goro::NameIndex::Object* o = m_names.object(id))
        return QString::fromStdString(o->name);
    switch (e.kind) {
        case goro::EventKind::WgAdd:
        case goro::EventKind::WgWait:
            return QStringLiteral("wg %1").arg(id);
        case goro::EventKind::MutexLock:
        case goro::EventKind::MutexUnlock:
            return QStringLiteral("mutex %1").arg(id);
        case goro::EventKind::RWMutexRLock:
        case goro::EventKind::RWMutexRUnlock:
            return QStringLiteral("rwmutex %1").arg(id);
        case goro::EventKind::CondSignal:
            return QStringLiteral("cond %1").arg(id);
        case goro::EventKind::SemAcquire:
        case goro::EventKind::SemRelease:
            return QStringLiteral("semaphore %1").arg(id);
        default:
            return QStringLiteral("#%1").arg(id);
    }
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_recorder) return {};
    const std::uint64_t seq = m_rows[static_cast<std::size_t>(index.row())];
    if (role == SeqRole) return QVariant::fromValue<quint64>(seq);
    if (seq < m_recorder->first_retained()) return {};  // freed; the next append drops the row
    const goro::Event& e = m_recorder->at(seq);
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
            case TimeColumn:
                return QString::number(static_cast<double>(e.time) / 1e9, 'f', 3) +
                       QStringLiteral(" s");
            case GoroutineColumn:
                return goroutine_name(e.g);
            case KindColumn:
                return QString::fromLatin1(
                    goro::event_kind_name(e.kind).data(),
                    static_cast<qsizetype>(goro::event_kind_name(e.kind).size()));
            case ObjectColumn:
                return object_name(e);
            case TextColumn:
                return QString::fromStdString(goro::describe_event(e, *m_recorder, m_names));
            default:
                return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == TimeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole) {
        switch (e.kind) {
            case goro::EventKind::GoPanic:
            case goro::EventKind::Deadlock:
            case goro::EventKind::Leak:
                return QColor(0xb0, 0x10, 0x20);
            default:
                return {};
        }
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case TimeColumn:
            return tr("time");
        case GoroutineColumn:
            return tr("goroutine");
        case KindColumn:
            return tr("kind");
        case ObjectColumn:
            return tr("object");
        case TextColumn:
            return tr("what happened");
        default:
            return {};
    }
}

}  // namespace gorama::ui
