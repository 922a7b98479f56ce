// The goro engine: Go's concurrency (goroutines, channels, select, timers, contexts, sync) as
// C++20 coroutines, with every operation reported as an event.
#pragma once

#include "goro/chan.hpp"
#include "goro/chan_dir.hpp"
#include "goro/cond.hpp"
#include "goro/context.hpp"
#include "goro/errgroup.hpp"
#include "goro/goexit.hpp"
#include "goro/mutex.hpp"
#include "goro/once.hpp"
#include "goro/panic.hpp"
#include "goro/pool.hpp"
#include "goro/runtime.hpp"
#include "goro/rw_mutex.hpp"
#include "goro/select.hpp"
#include "goro/semaphore.hpp"
#include "goro/task.hpp"
#include "goro/timer.hpp"
#include "goro/wait_group.hpp"
