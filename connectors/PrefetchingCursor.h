// PrefetchingCursor: reads the next chunks of an inner cursor on its own
// thread (ReadAhead) while the caller decodes and checks the current one, so a
// source whose reading costs CPU in this process (SQLite stepping and
// converting cells) uses a second core. Rows arrive exactly as the inner
// cursor gives them, in the same order; decoding, accounting and quarantine
// stay on the caller's thread, so results do not depend on timing.
//
// At most `depth` chunks wait ahead of the caller. An exception from the inner
// cursor is rethrown by next() where the rows ran out. Destroying the cursor
// stops and joins the thread.
#pragma once

#include <memory>
#include <vector>

#include "ReadAhead.h"
#include "Source.h"

namespace yewu {

class PrefetchingCursor : public RowCursor {
public:
    explicit PrefetchingCursor(std::unique_ptr<RowCursor> inner, std::size_t depth = 2);

    // Swaps the next chunk into `chunk`; the caller's old rows go back to the
    // reading thread to be refilled, so their strings keep their capacity.
    bool next(std::vector<RawRow>& chunk) override;

private:
    std::unique_ptr<RowCursor> inner_;
    ReadAhead<std::vector<RawRow>> readAhead_;  // after inner_: its thread reads inner_
};

}  // namespace yewu
