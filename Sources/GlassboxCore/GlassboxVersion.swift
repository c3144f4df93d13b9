/// The Glassbox release, recorded in every model file and report manifest.
package enum GlassboxVersion {
    package static let string = "0.1.0"
}
