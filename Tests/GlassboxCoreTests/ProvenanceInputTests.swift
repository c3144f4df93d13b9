import Testing
@testable import GlassboxCore

@Suite("Provenance inputs")
struct ProvenanceInputTests {
    @Test("an input read as bytes records their SHA-256 (FIPS 180-4 example \"abc\")")
    func contentsAreHashed() {
        let input = Provenance.Input(role: "model", path: "m.json", contents: Array("abc".utf8))
        #expect(input.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(input == Provenance.Input(role: "model", path: "m.json", sha256: input.sha256))
    }
}
