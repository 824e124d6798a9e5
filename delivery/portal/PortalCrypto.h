// PortalCrypto: the few cryptographic primitives the portal needs, all from
// OpenSSL's libcrypto (Debian's libssl-dev): random bytes, PBKDF2-HMAC-SHA256
// password hashing, SHA-256 and a constant-time comparison.
//
// Passwords are hashed with a per-user random salt and at least
// kMinIterations rounds; the iteration count is stored with the hash so it
// can be raised later without invalidating old hashes. API tokens and session
// ids are 256-bit random values, so a plain SHA-256 of them is enough to
// store (nobody can brute-force 2^256); only their hashes are ever written.
//
// Every function throws Poco::SystemException when OpenSSL fails (e.g. the
// random generator cannot be seeded); none of them ever returns weak output.
#pragma once

#include <cstddef>
#include <string>

namespace yewu {

struct PasswordHash {
    std::string algorithm = "pbkdf2-sha256";
    int iterations = 0;
    std::string saltHex;
    std::string hashHex;  // 32 bytes of derived key, hex
};

namespace portal_crypto {

inline constexpr int kMinIterations = 100000;
inline constexpr int kDefaultIterations = 120000;

// n cryptographically random bytes as 2n lowercase hex digits.
std::string randomHex(std::size_t n);
// PBKDF2-HMAC-SHA256 of password with a fresh 16-byte salt.
PasswordHash hashPassword(const std::string& password, int iterations = kDefaultIterations);
// Recomputes with the stored salt and iterations and compares in constant time.
// False for an unknown algorithm or malformed stored hash.
bool verifyPassword(const std::string& password, const PasswordHash& stored);
// Raw PBKDF2-HMAC-SHA256 (exposed for the RFC test vectors), hex output of dkLen bytes.
std::string pbkdf2Sha256Hex(const std::string& password, const std::string& salt, int iterations,
                            std::size_t dkLen);
// Lowercase hex SHA-256 of data.
std::string sha256Hex(const std::string& data);
// Equal length and equal bytes, in time independent of where they differ (CRYPTO_memcmp).
bool constantTimeEquals(const std::string& a, const std::string& b);

}  // namespace portal_crypto
}  // namespace yewu
