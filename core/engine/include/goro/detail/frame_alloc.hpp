// Memory for coroutine frames and goroutine records: a per-thread cache of freed blocks in front
// of the global allocator.
//
// Goroutines are born and die in great numbers, and, now that a tree of them runs depth-first
// (runnext), a frame freed is soon needed again by the same thread at the same size: taking it
// from a per-thread list is a few instructions, where malloc and free were a quarter of skynet.
// Blocks up to 1 KiB are rounded up to a multiple of 64 bytes; each thread keeps at most 1,024
// freed blocks of each size (at most 8 MiB a thread) and hands the rest to the allocator. A
// block may be freed on another thread than the one that allocated it. Under AddressSanitizer
// the cache is off, so that use after free is still caught.
#pragma once

#include <cstddef>

namespace goro::detail {

void* frame_alloc(std::size_t bytes);
void frame_free(void* block, std::size_t bytes) noexcept;

}  // namespace goro::detail
