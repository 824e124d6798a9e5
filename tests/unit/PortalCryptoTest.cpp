#include "delivery/portal/PortalCrypto.h"

#include <gtest/gtest.h>

namespace yewu {
namespace {

using namespace portal_crypto;

// RFC 7914 section 11: PBKDF2-HMAC-SHA256 test vectors.
TEST(PortalCryptoTest, Pbkdf2MatchesRfc7914Vectors) {
    EXPECT_EQ(pbkdf2Sha256Hex("passwd", "salt", 1, 64),
              "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
              "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    EXPECT_EQ(pbkdf2Sha256Hex("Password", "NaCl", 80000, 64),
              "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
              "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEST(PortalCryptoTest, PasswordHashesAreSaltedSlowAndVerify) {
    const PasswordHash a = hashPassword("秘密 pw", kMinIterations);
    const PasswordHash b = hashPassword("秘密 pw", kMinIterations);
    EXPECT_GE(a.iterations, 100000);
    EXPECT_EQ(a.saltHex.size(), 32u);
    EXPECT_NE(a.saltHex, b.saltHex);
    EXPECT_NE(a.hashHex, b.hashHex);
    EXPECT_TRUE(verifyPassword("秘密 pw", a));
    EXPECT_FALSE(verifyPassword("秘密 pW", a));
    EXPECT_FALSE(verifyPassword("", a));
    PasswordHash weak = hashPassword("x", 10);  // raised to the minimum
    EXPECT_EQ(weak.iterations, kMinIterations);
    PasswordHash broken = a;
    broken.hashHex = "zz";
    EXPECT_FALSE(verifyPassword("秘密 pw", broken));
    broken = a;
    broken.algorithm = "md5";
    EXPECT_FALSE(verifyPassword("秘密 pw", broken));
}

TEST(PortalCryptoTest, RandomAndShaAndCompare) {
    EXPECT_EQ(randomHex(32).size(), 64u);
    EXPECT_NE(randomHex(16), randomHex(16));
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_TRUE(constantTimeEquals("abc", "abc"));
    EXPECT_FALSE(constantTimeEquals("abc", "abd"));
    EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace yewu
