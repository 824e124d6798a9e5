// KeySet: which text keys (invoice and order numbers) have been seen, for the
// duplicate check, in 8 bytes per key instead of a std::string per key.
//
// Hand-written: an open-addressing table of 64-bit FNV-1a hashes. Two
// different keys with the same 64-bit hash would be reported as a duplicate;
// with a million keys the chance is about 3 in 10^8, which we accept.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace yewu {

class KeySet {
public:
    // Returns false when the key was already present.
    bool insert(std::string_view key) {
        if ((size_ + 1) * 10 > slots_.size() * 7) grow();
        return place(hash(key));
    }
    std::size_t size() const { return size_; }

private:
    static std::uint64_t hash(std::string_view key) {
        std::uint64_t h = 1469598103934665603ull;
        for (unsigned char c : key) {
            h ^= c;
            h *= 1099511628211ull;
        }
        return h == 0 ? 1 : h;  // 0 marks an empty slot
    }
    bool place(std::uint64_t h) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = std::size_t(h * 0x9E3779B97F4A7C15ull >> 20) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == h) return false;
            if (slots_[i] == 0) {
                slots_[i] = h;
                ++size_;
                return true;
            }
        }
    }
    void grow() {
        std::vector<std::uint64_t> old(slots_.empty() ? 1024 : slots_.size() * 2, 0);
        old.swap(slots_);
        size_ = 0;
        for (auto h : old)
            if (h) place(h);
    }

    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
};

}  // namespace yewu
