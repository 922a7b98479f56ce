// SendChan<T> and RecvChan<T>: Go's directional channel types, chan<- T and <-chan T.
//
// A view shares its channel as a Chan does (a copy of the reference). A Chan<T> converts to
// either view implicitly, as Go assigns a chan T to a chan<- T or a <-chan T; a view never
// converts back, nor into the other direction. What Go rejects at compile time does not compile
// here: a SendChan has no recv(), try_recv() or recv_case(); a RecvChan has no send(),
// try_send(), send_case() or close() (closing a receive-only channel is a compile error in Go;
// closing a send-only one is allowed). Everything else behaves as on the Chan (see chan.hpp),
// and the cases go into goro::select like a Chan's.
//
//   goro::Task<> producer(goro::SendChan<int> out);   // func producer(out chan<- int)
//   goro::Task<> consumer(goro::RecvChan<int> in);    // func consumer(in <-chan int)
//   rt.go(producer(jobs)); rt.go(consumer(jobs));     // jobs is a Chan<int>
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "goro/chan.hpp"
#include "goro/select.hpp"

namespace goro {

namespace detail {

// What both directions share: the channel they view and what may be asked of it either way.
template <class T>
class ChanView {
  public:
    bool is_nil() const noexcept { return m_ch.is_nil(); }
    std::size_t len() const { return m_ch.len(); }
    std::size_t cap() const { return m_ch.cap(); }
    ObjectId id() const { return m_ch.id(); }
    std::string name() const { return m_ch.name(); }

  protected:
    ChanView() noexcept = default;  // the nil channel
    explicit ChanView(Chan<T> ch) noexcept : m_ch(std::move(ch)) {}
    Chan<T> m_ch;
};

}  // namespace detail

template <class T>
class SendChan : public detail::ChanView<T> {
  public:
    SendChan() noexcept = default;                                         // the nil channel
    SendChan(Chan<T> ch) noexcept : detail::ChanView<T>(std::move(ch)) {}  // NOLINT: as in Go
    friend bool operator==(const SendChan& a, const SendChan& b) noexcept {
        return a.m_ch == b.m_ch;
    }

    [[nodiscard]] detail::SendAwaiter<T> send(T value) const {
        return this->m_ch.send(std::move(value));
    }
    bool try_send(T value) const { return this->m_ch.try_send(std::move(value)); }
    void close() const { this->m_ch.close(); }
    SendCase<T> send_case(T value) const { return this->m_ch.send_case(std::move(value)); }
};

template <class T>
class RecvChan : public detail::ChanView<T> {
  public:
    RecvChan() noexcept = default;                                         // the nil channel
    RecvChan(Chan<T> ch) noexcept : detail::ChanView<T>(std::move(ch)) {}  // NOLINT: as in Go
    friend bool operator==(const RecvChan& a, const RecvChan& b) noexcept {
        return a.m_ch == b.m_ch;
    }

    [[nodiscard]] detail::RecvAwaiter<T> recv() const { return this->m_ch.recv(); }
    TryRecv<T> try_recv() const { return this->m_ch.try_recv(); }
    RecvCase<T> recv_case() const { return this->m_ch.recv_case(); }
    RecvCase<T> recv_case(std::optional<T>& out) const { return this->m_ch.recv_case(out); }
};

}  // namespace goro
