#include "PortalCrypto.h"

#include <Poco/Exception.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <vector>

namespace yewu::portal_crypto {

namespace {

std::string toHex(const unsigned char* data, std::size_t n) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 15]);
    }
    return out;
}

bool fromHex(const std::string& hex, std::vector<unsigned char>& out) {
    if (hex.size() % 2 != 0) return false;
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int v = 0;
        for (int k = 0; k < 2; ++k) {
            const char c = hex[i + k];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= c - '0';
            else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
            else return false;
        }
        out.push_back(static_cast<unsigned char>(v));
    }
    return true;
}

std::vector<unsigned char> pbkdf2(const std::string& password, const unsigned char* salt, std::size_t saltLen,
                                  int iterations, std::size_t dkLen) {
    std::vector<unsigned char> key(dkLen);
    if (PKCS5_PBKDF2_HMAC(password.data(), int(password.size()), salt, int(saltLen), iterations, EVP_sha256(),
                          int(dkLen), key.data()) != 1)
        throw Poco::SystemException("OpenSSL PKCS5_PBKDF2_HMAC failed");
    return key;
}

}  // namespace

std::string randomHex(std::size_t n) {
    std::vector<unsigned char> bytes(n);
    if (RAND_bytes(bytes.data(), int(n)) != 1) throw Poco::SystemException("OpenSSL RAND_bytes failed");
    return toHex(bytes.data(), n);
}

std::string pbkdf2Sha256Hex(const std::string& password, const std::string& salt, int iterations,
                            std::size_t dkLen) {
    const auto key = pbkdf2(password, reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), iterations,
                            dkLen);
    return toHex(key.data(), key.size());
}

PasswordHash hashPassword(const std::string& password, int iterations) {
    if (iterations < kMinIterations) iterations = kMinIterations;
    PasswordHash h;
    h.iterations = iterations;
    h.saltHex = randomHex(16);
    std::vector<unsigned char> salt;
    fromHex(h.saltHex, salt);
    const auto key = pbkdf2(password, salt.data(), salt.size(), iterations, 32);
    h.hashHex = toHex(key.data(), key.size());
    return h;
}

bool verifyPassword(const std::string& password, const PasswordHash& stored) {
    std::vector<unsigned char> salt, expected;
    if (stored.algorithm != "pbkdf2-sha256" || stored.iterations < 1 || !fromHex(stored.saltHex, salt) ||
        !fromHex(stored.hashHex, expected) || expected.size() != 32)
        return false;
    const auto key = pbkdf2(password, salt.data(), salt.size(), stored.iterations, expected.size());
    return CRYPTO_memcmp(key.data(), expected.data(), key.size()) == 0;
}

std::string sha256Hex(const std::string& data) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    if (!EVP_Digest(data.data(), data.size(), digest, nullptr, EVP_sha256(), nullptr))
        throw Poco::SystemException("OpenSSL EVP_Digest failed");
    return toHex(digest, sizeof digest);
}

bool constantTimeEquals(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace yewu::portal_crypto
