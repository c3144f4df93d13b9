import GlassboxLinearAlgebra
import GlassboxModels

/// η = Xβ through the models layer's chunked BLAS product.
enum LogisticRegressionShim {
    static func eta(x: Matrix, beta: [Double]) -> [Double] {
        LogisticRegression.linearPredictor(x: x, beta: beta)
    }
}
