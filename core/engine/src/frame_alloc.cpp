#include "goro/detail/frame_alloc.hpp"

#include <cstdint>
#include <new>

namespace goro::detail {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kCache = false;
#else
constexpr bool kCache = true;
#endif

constexpr std::size_t kGrain = 64;
constexpr std::size_t kClasses = 16;  // blocks of 64, 128 ... 1,024 bytes
constexpr std::uint32_t kKeep = 1024;

struct FreeBlock {
    FreeBlock* next;
};

// Freed blocks by size class. Thread-local; freed at thread exit, after which blocks freed on
// the thread go straight to the allocator (t_closed).
struct Cache {
    FreeBlock* head[kClasses] = {};
    std::uint32_t count[kClasses] = {};

    ~Cache();
};

thread_local bool t_closed = false;  // trivially destructible: readable while Cache dies
thread_local Cache t_cache;

Cache::~Cache() {
    t_closed = true;
    for (std::size_t c = 0; c < kClasses; ++c) {
        while (FreeBlock* b = head[c]) {
            head[c] = b->next;
            ::operator delete(b);
        }
    }
}

}  // namespace

void* frame_alloc(std::size_t bytes) {
    const std::size_t c = (bytes - 1) / kGrain;
    if (!kCache || bytes == 0 || c >= kClasses) return ::operator new(bytes);
    if (!t_closed) {
        Cache& cache = t_cache;
        if (FreeBlock* b = cache.head[c]) {
            cache.head[c] = b->next;
            --cache.count[c];
            return b;
        }
    }
    return ::operator new((c + 1) * kGrain);  // whole classes: any thread's cache may take it
}

void frame_free(void* block, std::size_t bytes) noexcept {
    const std::size_t c = (bytes - 1) / kGrain;
    if (kCache && bytes != 0 && c < kClasses && !t_closed) {
        Cache& cache = t_cache;
        if (cache.count[c] < kKeep) {
            cache.head[c] = new (block) FreeBlock{cache.head[c]};
            ++cache.count[c];
            return;
        }
    }
    ::operator delete(block);
}

}  // namespace goro::detail
