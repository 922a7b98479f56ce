// EventLogModel: the event log as a table (time, goroutine, kind, object, text), holding only
// the seqs of the events that pass the filter; every column is computed from the recorder when
// shown (the text by goro::describe_event), so a row costs 8 bytes.
//
// It is one of RunModel's folds: RunModel hands it every event it folds, in seq order, with
// fold(), and calls publish() once per frame, which adds the new rows in one beginInsertRows.
// At most max_rows() rows are kept: the oldest are dropped first, in one beginRemoveRows.
// Changing the filter rebuilds the rows from the recorder, newest first, back to max_rows()
// matches. Rows are in seq order. When the recorder frees its oldest events
// (Recorder::discard_before, on this thread), their rows are dropped at the next publish();
// until then they show empty. Names survive the discard (the NameIndex keeps copies) as long as
// a retained event can use them: those of goroutines and channels gone before the oldest
// retained event are forgotten, so that the names too stay within a budget in a long run. GUI
// thread only.
#pragma once

#include <QAbstractTableModel>
#include <bitset>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "goro/event.hpp"
#include "goro/event_format.hpp"

namespace goro {
class Recorder;
}

namespace gorama::ui {

class EventLogModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { TimeColumn, GoroutineColumn, KindColumn, ObjectColumn, TextColumn, ColumnCount };
    static constexpr std::size_t kDefaultMaxRows = 100'000;
    // A filter change looks this far back for matches at most (a rare event in a long run).
    static constexpr std::uint64_t kMaxRebuildScan = 5'000'000;
    // Data role with the event's seq (quint64) in every column.
    static constexpr int SeqRole = Qt::UserRole + 1;

    struct Filter {
        std::optional<goro::GoroutineId> goroutine;  // the event's g
        std::optional<goro::ObjectId> object;        // the channel (timer, context...) it is about
        std::bitset<goro::kEventKindCount> kinds = all_kinds();
        static std::bitset<goro::kEventKindCount> all_kinds() {
            return std::bitset<goro::kEventKindCount>().set();
        }
        bool operator==(const Filter&) const = default;
    };

    explicit EventLogModel(QObject* parent = nullptr);

    // A new run (or none): drops every row and name.
    void reset(const goro::Recorder* recorder);
    // Event `seq` of the recorder, the one after the previous fold() (the first is 0).
    void fold(std::uint64_t seq, const goro::Event& e);
    // Shows the rows and names folded since the previous publish().
    void publish();

    void set_filter(const Filter& filter);
    const Filter& filter() const { return m_filter; }
    bool accepts(const goro::Event& e) const;

    void set_max_rows(std::size_t n);
    std::size_t max_rows() const { return m_max_rows; }

    std::uint64_t seq_at(int row) const;
    // The row of `seq`, or of the last event before it that is shown; -1 if none.
    int row_at_or_before(std::uint64_t seq) const;
    std::uint64_t folded() const { return m_next; }  // events folded so far

    // Names for filter menus: goroutines and channels created so far (up to kMaxListed each).
    static constexpr std::size_t kMaxListed = 500;
    struct Named {
        std::uint32_t id;
        QString name;
    };
    const std::vector<Named>& goroutines() const { return m_goroutine_list; }
    const std::vector<Named>& channels() const { return m_channel_list; }
    QString goroutine_name(goro::GoroutineId id) const;
    QString object_name(const goro::Event& e) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

  Q_SIGNALS:
    // New goroutines or channels appeared in goroutines() / channels().
    void names_changed();

  private:
    void rebuild();
    void drop_discarded();
    void add_rows(std::vector<std::uint64_t> fresh);

    const goro::Recorder* m_recorder = nullptr;
    std::deque<std::uint64_t> m_rows;
    std::vector<std::uint64_t> m_pending;  // rows folded, not yet published
    bool m_named = false;                  // names folded, not yet published
    std::uint64_t m_next = 0;
    std::size_t m_max_rows = kDefaultMaxRows;
    Filter m_filter;
    goro::NameIndex m_names;
    std::vector<Named> m_goroutine_list;
    std::vector<Named> m_channel_list;
};

// The object an event is about for the log's "object" column and filter: 0 for goroutine-only
// events and for GoCreate (whose object field is the creator goroutine).
goro::ObjectId event_object(const goro::Event& e);

}  // namespace gorama::ui
