#include "RowFingerprint.h"

#include <Poco/Crypto/DigestEngine.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace yewu {

namespace {
constexpr std::size_t kFlushBytes = 64 * 1024;
}

struct RowFingerprint::Impl {
    // OpenSSL's SHA-256 (through Poco::Crypto) is several times faster than Poco::SHA2Engine.
    Poco::Crypto::DigestEngine sha{"SHA256"};
    // Rows are written here and hashed 64 KiB at a time: one update per cell cost
    // more in calls than in hashing. The digest is the same either way.
    std::vector<char> pending = std::vector<char>(kFlushBytes);
    std::size_t used = 0;

    void flush() {
        if (used) sha.update(pending.data(), unsigned(used));
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
    return Poco::DigestEngine::digestToHex(impl_->sha.digest());
}

}  // namespace yewu
