/// The Glassbox release, recorded in every model file and report manifest.
public enum GlassboxVersion {
    public static let string = "0.1.0"
}
