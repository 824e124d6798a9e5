// IdSet: which integer ids have been seen, for duplicate and reference checks
// over tables of millions of rows.
//
// Hand-written because no Debian library offers a compact integer set: a
// paged bitmap (4096 ids per page, allocated on first use) costs one bit per
// id for the dense ids databases hand out, and 512 bytes per used page when
// ids are scattered.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace yewu {

class IdSet {
public:
    // Returns false when the id was already present.
    bool insert(std::int64_t id) {
        auto& page = pages_[pageOf(id)];
        if (!page) page = std::make_unique<Page>();
        const auto bit = bitOf(id);
        std::uint64_t& word = page->words[bit / 64];
        const std::uint64_t mask = std::uint64_t(1) << (bit % 64);
        if (word & mask) return false;
        word |= mask;
        ++size_;
        return true;
    }
    bool contains(std::int64_t id) const {
        const auto it = pages_.find(pageOf(id));
        if (it == pages_.end()) return false;
        const auto bit = bitOf(id);
        return (it->second->words[bit / 64] >> (bit % 64)) & 1;
    }
    std::size_t size() const { return size_; }

private:
    static constexpr std::int64_t pageBits = 4096;
    struct Page {
        std::uint64_t words[pageBits / 64] = {};
    };
    static std::int64_t pageOf(std::int64_t id) { return id >= 0 ? id / pageBits : (id - pageBits + 1) / pageBits; }
    static std::uint64_t bitOf(std::int64_t id) { return std::uint64_t(id - pageOf(id) * pageBits); }

    std::unordered_map<std::int64_t, std::unique_ptr<Page>> pages_;
    std::size_t size_ = 0;
};

}  // namespace yewu
