import GlassboxMetrics

/// The observed effect of a targeting audit's group: the one difference-in-means estimator of
/// GlassboxMetrics (``GlassboxMetrics/UpliftEvaluation/AverageEffect``).
package typealias TargetingEffect = UpliftEvaluation.AverageEffect
