// EventLogModel and EventLogDock over real runs: a well-behaved model, filters that keep exactly
// the matching events, one insert per published frame, and a row cap that holds. The tests feed
// the model as RunModel does: fold() every event in order, publish() once per frame.
#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QSignalSpy>
#include <QTableView>

#include "docks/event_log_dock.hpp"
#include "docks_test_support.hpp"
#include "model/event_log_model.hpp"

using gorama::ui::EventLogDock;
using gorama::ui::EventLogModel;
using gorama::ui::testing::fold_run;
using goro::EventKind;

namespace {

std::vector<std::uint64_t> rows_of(const EventLogModel& m) {
    std::vector<std::uint64_t> out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.push_back(m.seq_at(r));
    return out;
}

template <class Pred>
std::vector<std::uint64_t> seqs_where(const goro::Recorder& rec, Pred pred) {
    std::vector<std::uint64_t> out;
    for (std::uint64_t i = rec.first_retained(); i < rec.published(); ++i) {
        if (pred(rec.at(i))) out.push_back(i);
    }
    return out;
}

// One frame of RunModel's: folds events [from, to), then publishes them.
void fold_frame(EventLogModel& m, const goro::Recorder& rec, std::uint64_t from, std::uint64_t to) {
    for (std::uint64_t s = from; s < to; ++s)
        m.fold(s, rec.at(s));
    m.publish();
}

// Folds the whole run in frames of `batch` events.
void append_all(EventLogModel& m, const goro::Recorder& rec, std::uint64_t batch) {
    for (std::uint64_t from = 0; from < rec.published(); from += batch)
        fold_frame(m, rec, from, std::min(from + batch, rec.published()));
}

}  // namespace

TEST(EventLogModel, PassesTheModelTesterThroughAppendsFiltersCapsAndResets) {
    auto f = fold_run("worker-pool", 5);
    const goro::Recorder& rec = *f.run.recorder;
    EventLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.reset(&rec);
    append_all(model, rec, 97);
    EXPECT_EQ(static_cast<std::uint64_t>(model.rowCount()), rec.published());
    for (int r = 0; r < model.rowCount(); r += 37) {
        for (int c = 0; c < model.columnCount(); ++c)
            EXPECT_TRUE(model.data(model.index(r, c)).isValid() ||
                        c == EventLogModel::ObjectColumn);
    }
    EventLogModel::Filter f1;
    f1.goroutine = 2;
    model.set_filter(f1);
    model.set_max_rows(50);
    model.set_filter({});
    EXPECT_EQ(model.rowCount(), 50);
    model.reset(nullptr);
    EXPECT_EQ(model.rowCount(), 0);
}

TEST(EventLogModel, AGoroutineFilterKeepsExactlyThatGoroutinesEvents) {
    auto f = fold_run("worker-pool", 5);
    const goro::Recorder& rec = *f.run.recorder;
    EventLogModel model;
    model.reset(&rec);
    append_all(model, rec, 500);
    const goro::GoroutineId worker = 3;  // "worker 2"
    EventLogModel::Filter filter;
    filter.goroutine = worker;
    model.set_filter(filter);  // rebuilt from the recorder
    const auto expected = seqs_where(rec, [&](const goro::Event& e) { return e.g == worker; });
    ASSERT_GT(expected.size(), 20U);
    EXPECT_EQ(rows_of(model), expected);
    EXPECT_EQ(model.data(model.index(0, EventLogModel::GoroutineColumn)).toString(), "worker 2");
    // Appending after the filter is set keeps filtering.
    EventLogModel live;
    live.set_filter(filter);
    live.reset(&rec);
    append_all(live, rec, 64);
    EXPECT_EQ(rows_of(live), expected);
}

TEST(EventLogModel, KindAndChannelFiltersKeepExactlyTheMatchingEvents) {
    auto f = fold_run("worker-pool", 5);
    const goro::Recorder& rec = *f.run.recorder;
    EventLogModel model;
    model.reset(&rec);
    append_all(model, rec, 1000);
    EventLogModel::Filter sends;
    sends.kinds.reset().set(static_cast<std::size_t>(EventKind::ChanSend));
    model.set_filter(sends);
    const auto expected_sends =
        seqs_where(rec, [](const goro::Event& e) { return e.kind == EventKind::ChanSend; });
    ASSERT_GT(expected_sends.size(), 10U);
    EXPECT_EQ(rows_of(model), expected_sends);

    goro::ObjectId tasks = 0;
    for (const auto& [id, c] : f.world.channels) {
        if (c.name == "tasks") tasks = id;
    }
    ASSERT_NE(tasks, 0U);
    EventLogModel::Filter on_tasks = sends;
    on_tasks.object = tasks;
    model.set_filter(on_tasks);
    const auto expected = seqs_where(rec, [&](const goro::Event& e) {
        return e.kind == EventKind::ChanSend && e.object == tasks;
    });
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(rows_of(model), expected);
    // The submitter sends tasks: the sentence says so, with names.
    const QString text = model.data(model.index(0, EventLogModel::TextColumn)).toString();
    EXPECT_TRUE(text.startsWith("submitter ")) << text.toStdString();
    EXPECT_TRUE(text.contains(" on tasks")) << text.toStdString();
    EXPECT_EQ(model.data(model.index(0, EventLogModel::ObjectColumn)).toString(), "tasks");
    EXPECT_EQ(model.data(model.index(0, EventLogModel::KindColumn)).toString(), "ChanSend");
}

// The mutex of share-memory's mutex way goes by its name, "mu", in the object column and in the
// sentence, as a channel does.
TEST(EventLogModel, AMutexGoesByItsName) {
    auto f = fold_run("share-memory", 1, {"way=mutex"});
    const goro::Recorder& rec = *f.run.recorder;
    EventLogModel model;
    model.reset(&rec);
    append_all(model, rec, 1000);
    EventLogModel::Filter locks;
    locks.kinds.reset().set(static_cast<std::size_t>(EventKind::MutexLock));
    model.set_filter(locks);
    ASSERT_GT(model.rowCount(), 3);
    for (int row = 0; row < model.rowCount(); ++row) {
        EXPECT_EQ(model.data(model.index(row, EventLogModel::ObjectColumn)).toString(), "mu");
        const QString text = model.data(model.index(row, EventLogModel::TextColumn)).toString();
        EXPECT_TRUE(text.startsWith("worker ") && text.endsWith(" locked mu"))
            << text.toStdString();
    }
}

TEST(EventLogModel, OneInsertPerBatchAndTheRowCapDropsTheOldest) {
    auto f = fold_run("worker-pool", 30, {"submit_interval=20ms", "workers=8"});
    const goro::Recorder& rec = *f.run.recorder;
    ASSERT_GT(rec.published(), 12'000U);
    EventLogModel model;
    model.set_max_rows(5000);
    model.reset(&rec);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    const std::uint64_t batch = 1500;
    int batches = 0;
    for (std::uint64_t from = 0; from < rec.published(); from += batch) {
        fold_frame(model, rec, from, std::min(from + batch, rec.published()));
        ++batches;
        ASSERT_LE(model.rowCount(), 5000);
    }
    EXPECT_EQ(inserted.count(), batches);
    EXPECT_GT(removed.count(), 0);
    EXPECT_LE(removed.count(), batches);
    ASSERT_EQ(model.rowCount(), 5000);
    // The newest 5000 events, in order.
    EXPECT_EQ(model.seq_at(0), rec.published() - 5000);
    EXPECT_EQ(model.seq_at(4999), rec.published() - 1);
    // A batch larger than the cap keeps its newest rows only.
    EventLogModel small;
    small.set_max_rows(100);
    small.reset(&rec);
    fold_frame(small, rec, 0, rec.published());
    ASSERT_EQ(small.rowCount(), 100);
    EXPECT_EQ(small.seq_at(99), rec.published() - 1);
    // A frame with nothing new adds nothing.
    small.publish();
    EXPECT_EQ(small.rowCount(), 100);
}

TEST(EventLogModel, FindsTheRowOfASeqOrTheLastOneBefore) {
    auto f = fold_run("worker-pool", 3);
    const goro::Recorder& rec = *f.run.recorder;
    EventLogModel model;
    EventLogModel::Filter sends;
    sends.kinds.reset().set(static_cast<std::size_t>(EventKind::ChanSend));
    model.set_filter(sends);
    model.reset(&rec);
    fold_frame(model, rec, 0, rec.published());
    ASSERT_GT(model.rowCount(), 3);
    const std::uint64_t s2 = model.seq_at(2);
    EXPECT_EQ(model.row_at_or_before(s2), 2);
    EXPECT_EQ(model.row_at_or_before(s2 + 1), 2);  // not a send: the send before it
    EXPECT_EQ(model.row_at_or_before(0), -1);
}

TEST(EventLogDock, TheComboBoxesFilterAndSelectSeqShowsTheViewedEvent) {
    auto f = fold_run("worker-pool", 5);
    const goro::Recorder& rec = *f.run.recorder;
    EventLogModel model;
    EventLogDock dock(&model);
    dock.resize(1000, 500);
    dock.show();
    model.reset(&rec);
    dock.restart();
    append_all(model, rec, 200);
    EXPECT_TRUE(dock.following());
    // Following: the newest row is in view.
    QTableView* view = dock.view();
    const QModelIndex last = dock.model()->index(dock.model()->rowCount() - 1, 0);
    EXPECT_TRUE(view->viewport()->rect().intersects(view->visualRect(last)));

    // Pick "worker 1" in the goroutine box, as a user would.
    QComboBox* g = dock.goroutine_filter();
    const int i = g->findText("worker 1");
    ASSERT_GT(i, 0);
    g->setCurrentIndex(i);
    Q_EMIT g->activated(i);
    const auto expected = seqs_where(rec, [](const goro::Event& e) { return e.g == 2; });
    EXPECT_EQ(rows_of(*dock.model()), expected);
    QComboBox* k = dock.kind_filter();
    const int blocking = k->findText("blocking and waking");
    ASSERT_GT(blocking, 0);
    k->setCurrentIndex(blocking);
    Q_EMIT k->activated(blocking);
    const auto blocks = seqs_where(rec, [](const goro::Event& e) {
        return e.g == 2 && (e.kind == EventKind::GoBlock || e.kind == EventKind::GoUnblock);
    });
    EXPECT_EQ(rows_of(*dock.model()), blocks);

    dock.select_seq(blocks[3] + 1);  // an event not shown: the row before it
    EXPECT_FALSE(dock.following());
    const QModelIndexList sel = view->selectionModel()->selectedRows();
    ASSERT_EQ(sel.size(), 1);
    EXPECT_EQ(dock.model()->seq_at(sel[0].row()), blocks[3]);

    g->setCurrentIndex(0);
    Q_EMIT g->activated(0);
    k->setCurrentIndex(0);
    Q_EMIT k->activated(0);
    dock.set_following(true);
    gorama::ui::testing::save_screenshot(dock, "docks-event-log.png");
}

TEST(EventLogModel, RowsOfEventsTheRecorderFreedGoAndNamesStay) {
    auto f = fold_run("worker-pool", 0.45, {"submit_interval=0", "work_time=1ms", "workers=8"});
    goro::Recorder& rec = *f.run.recorder;
    constexpr std::uint64_t kSegment = goro::Recorder::kEventsPerSegment;
    ASSERT_GT(rec.published(), kSegment + 20'000);
    ASSERT_LT(rec.published(), EventLogModel::kDefaultMaxRows);
    EventLogModel model;
    model.reset(&rec);
    append_all(model, rec, 5000);
    ASSERT_EQ(model.seq_at(0), 0U);
    rec.discard_before(kSegment + 5'000);
    const std::uint64_t first = rec.first_retained();
    ASSERT_EQ(first, kSegment);
    // Freed rows show nothing until the next publish drops them.
    EXPECT_FALSE(model.data(model.index(0, EventLogModel::TextColumn)).isValid());
    model.publish();
    EXPECT_EQ(model.seq_at(0), first);
    EXPECT_EQ(static_cast<std::uint64_t>(model.rowCount()), rec.published() - first);
    // Goroutines created before the discard keep their names.
    const auto g2 = seqs_where(rec, [&](const goro::Event& e) { return e.g == 2; });
    const int row = model.row_at_or_before(g2.back());
    EXPECT_EQ(model.data(model.index(row, EventLogModel::GoroutineColumn)).toString(), "worker 1");
    EXPECT_TRUE(
        model.data(model.index(row, EventLogModel::TextColumn)).toString().startsWith("worker 1"));
    // A filter change rebuilds from what is retained only.
    EventLogModel::Filter only_g2;
    only_g2.goroutine = 2;
    model.set_filter(only_g2);
    EXPECT_EQ(rows_of(model), g2);
    EXPECT_GE(g2.front(), first);
}
