#include "RowFingerprint.h"

#include <Poco/Crypto/DigestEngine.h>

#include <string>

namespace yewu {

namespace {
constexpr std::size_t kFlushBytes = 64 * 1024;
}

struct RowFingerprint::Impl {
    // OpenSSL's SHA-256 (through Poco::Crypto) is several times faster than Poco::SHA2Engine.
    Poco::Crypto::DigestEngine sha{"SHA256"};
    // Rows are gathered here and hashed 64 KiB at a time: one update per cell cost
    // more in calls than in hashing. The digest is the same either way.
    std::string pending;

    void flush() {
        if (!pending.empty()) sha.update(pending.data(), unsigned(pending.size()));
        pending.clear();
    }
};

RowFingerprint::RowFingerprint() : impl_(std::make_unique<Impl>()) { impl_->pending.reserve(kFlushBytes + 4096); }
RowFingerprint::~RowFingerprint() = default;

void RowFingerprint::add(Table table, const RawRow& row) {
    // Separators that cannot occur unescaped keep ("ab","c") apart from ("a","bc").
    std::string& out = impl_->pending;
    out += tableName(table);
    for (const auto& value : row.values) {
        if (value) {
            out += '\x1f';
            value.appendTo(out);  // an integer as its digits, as a text source gives it
        } else {
            out += '\x1e';
        }
    }
    out += '\n';
    if (out.size() >= kFlushBytes) impl_->flush();
}

void RowFingerprint::addPart(RowFingerprint& part) {
    impl_->pending += '\x1d';  // a separator no row contains
    impl_->pending += part.hex();
    impl_->pending += '\n';
}

std::string RowFingerprint::hex() {
    impl_->flush();
    return Poco::DigestEngine::digestToHex(impl_->sha.digest());
}

}  // namespace yewu
