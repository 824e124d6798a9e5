#include "RowFingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace yewu {

namespace {
constexpr std::size_t kFlushBytes = 64 * 1024;
}

struct RowFingerprint::Impl {
    // XXH3-128, not SHA-256: the fingerprint tells whether two reports were made from
    // the same rows, it guards against no adversary, and at scale 1 SHA-256 (OpenSSL,
    // with the CPU's SHA instructions) took 7% of the KPI job's CPU, XXH3 a fraction of 1%.
    struct State {
        XXH3_state_t* state = XXH3_createState();
        State() {
            if (!state) throw std::bad_alloc();
            XXH3_128bits_reset(state);
        }
        ~State() { XXH3_freeState(state); }
        State(const State&) = delete;
        State& operator=(const State&) = delete;
    } hash;
    // Rows are written here and hashed 64 KiB at a time: one update per cell cost
    // more in calls than in hashing. The digest is the same either way.
    std::vector<char> pending = std::vector<char>(kFlushBytes);
    std::size_t used = 0;

    void flush() {
        if (used) XXH3_128bits_update(hash.state, pending.data(), used);
        used = 0;
    }
    // Room for `bytes` more at pending[used]; a row longer than the buffer grows it.
    char* reserve(std::size_t bytes) {
        if (used + bytes > pending.size()) flush();
        if (bytes > pending.size()) pending.resize(bytes);
        return pending.data() + used;
    }
};

RowFingerprint::RowFingerprint() : impl_(std::make_unique<Impl>()) {}
RowFingerprint::~RowFingerprint() = default;

void RowFingerprint::add(Table table, const RawRow& row) {
    // Separators that cannot occur unescaped keep ("ab","c") apart from ("a","bc").
    // Written through a pointer into room reserved for the whole row: appending to a
    // string cell by cell was a fifth of the CPU of the thread reading invoices.
    const std::string_view name = tableName(table);
    std::size_t bytes = name.size() + 1;
    for (const Cell& value : row.values) bytes += 1 + (value.isInteger() ? 20 : value ? value->size() : 0);
    char* const start = impl_->reserve(bytes);
    char* out = std::copy(name.begin(), name.end(), start);
    for (const Cell& value : row.values) {
        if (!value) {
            *out++ = '\x1e';
            continue;
        }
        *out++ = '\x1f';
        if (value.isInteger()) {  // its digits, as a text source gives them
            out = std::to_chars(out, out + 20, value.integer()).ptr;
        } else {
            const std::string& text = *value;
            out = std::copy(text.begin(), text.end(), out);
        }
    }
    *out++ = '\n';
    impl_->used += std::size_t(out - start);
}

void RowFingerprint::addPart(RowFingerprint& part) {
    const std::string digest = '\x1d' + part.hex() + '\n';  // a separator no row contains
    char* out = impl_->reserve(digest.size());
    std::copy(digest.begin(), digest.end(), out);
    impl_->used += digest.size();
}

std::string RowFingerprint::hex() {
    impl_->flush();
    XXH128_canonical_t canonical;  // big-endian bytes: the same digits on every machine
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(impl_->hash.state));
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (const unsigned char byte : canonical.digest) {
        hex += digits[byte >> 4];
        hex += digits[byte & 15];
    }
    return hex;
}

}  // namespace yewu
