#include "RowFingerprint.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

namespace yewu {

struct RowFingerprint::Impl {
    Poco::SHA2Engine sha{Poco::SHA2Engine::SHA_256};
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
