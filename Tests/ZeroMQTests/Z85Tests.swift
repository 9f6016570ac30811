import Testing
import ZeroMQ

@Suite("Z85 and CURVE keys")
struct Z85Tests {
    @Test("the test vector of ZeroMQ RFC 32 encodes and decodes")
    func rfcVector() {
        let bytes: [UInt8] = [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]
        #expect(Z85.encode(bytes) == "HelloWorld")
        #expect(Z85.decode("HelloWorld") == bytes)
        #expect(Z85.encode([UInt8]()) == "")
    }

    @Test("what is not Z85 decodes to nil, never to garbage or a trap", arguments: [
        "Hello",  // one group: valid, the control case
        "HelloWorl",  // not a multiple of 5
        "Hello Worl",  // a space
        "%%%%%",  // a group above 2^32 - 1
        "Hell\u{0}",  // an embedded NUL would shorten the C string
        "ÀÀÀÀÀ",  // non-ASCII (10 UTF-8 bytes)
        "Hell\"",  // '"' is not in the alphabet
    ])
    func rejectsNonZ85(text: String) {
        #expect((Z85.decode(text) != nil) == (text == "Hello"))
    }

    @Test("bytes not in whole groups of 4 cannot be encoded")
    func encodeNeedsWholeGroups() {
        #expect(Z85.encode([1, 2, 3]) == nil)
    }

    @Test("a key pair's public key is derived from its secret key, and keys survive Z85")
    func keyPairs() throws {
        #expect(ZeroMQ.hasCurve)
        let pair = try CurveKeyPair.generate()
        let other = try CurveKeyPair.generate()
        #expect(pair.publicKey != other.publicKey)
        #expect(try CurveKeyPair(secretKey: pair.secretKey).publicKey == pair.publicKey)
        #expect(pair.publicKey.z85.utf8.count == 40)
        #expect(CurvePublicKey(z85: pair.publicKey.z85) == pair.publicKey)
        #expect(CurvePublicKey(bytes: pair.publicKey.bytes) == pair.publicKey)
        let secret = try #require(CurveSecretKey(z85: pair.secretKey.z85))
        #expect(try secret.publicKey() == pair.publicKey)
    }

    @Test("a key is exactly 40 Z85 characters or 32 bytes", arguments: [39, 41, 45])
    func keyLength(length: Int) throws {
        let text = String(try CurveKeyPair.generate().publicKey.z85.prefix(length)) + String(repeating: "0", count: max(0, length - 40))
        #expect(text.utf8.count == length)
        #expect(CurvePublicKey(z85: text) == nil)
        #expect(CurveSecretKey(z85: text) == nil)
        #expect(CurvePublicKey(bytes: [UInt8](repeating: 1, count: length)) == nil)
    }

    @Test("a secret key never prints itself")
    func secretKeyIsRedacted() throws {
        let pair = try CurveKeyPair.generate()
        let z85 = pair.secretKey.z85
        var dumped = ""
        dump(pair, to: &dumped)
        for text in ["\(pair.secretKey)", String(reflecting: pair.secretKey), "\(pair)", dumped] {
            #expect(!text.contains(z85), "\(text)")
        }
        #expect("\(pair.publicKey)" == pair.publicKey.z85)
    }
}
