import GlassboxCore

enum GlassboxVersionString {
    static let value = GlassboxVersion.string
}
