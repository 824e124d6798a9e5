#include "RowFingerprint.h"

#include <Poco/Crypto/DigestEngine.h>

namespace yewu {

struct RowFingerprint::Impl {
    // OpenSSL's SHA-256 (through Poco::Crypto) is several times faster than Poco::SHA2Engine.
    Poco::Crypto::DigestEngine sha{"SHA256"};
};

RowFingerprint::RowFingerprint() : impl_(std::make_unique<Impl>()) {}
RowFingerprint::~RowFingerprint() = default;

void RowFingerprint::add(Table table, const RawRow& row) {
    // Separators that cannot occur unescaped keep ("ab","c") apart from ("a","bc").
    const auto name = tableName(table);
    impl_->sha.update(name.data(), unsigned(name.size()));
    for (const auto& value : row.values) {
        if (value) {
            impl_->sha.update('\x1f');
            impl_->sha.update(value->data(), unsigned(value->size()));
        } else {
            impl_->sha.update('\x1e');
        }
    }
    impl_->sha.update('\n');
}

std::string RowFingerprint::hex() { return Poco::DigestEngine::digestToHex(impl_->sha.digest()); }

}  // namespace yewu
