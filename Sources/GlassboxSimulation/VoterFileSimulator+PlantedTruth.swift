extension VoterFileSimulator {
    // The values planted in the simulated file, so a caller can check that a fit recovers them. Coefficients
    // are keyed by Glassbox term names exactly as a fit of the formula prints them; the full generating
    // process is documented in `docs/simulated-voter-file.md`.

    /// The logistic formula under which the planted turnout model is exactly a GLM.
    public static var turnoutFormula: String { PlantedTruth.turnoutFormula }

    /// True coefficients of ``turnoutFormula`` keyed by term name. The canvassing effect
    /// τ₀ + τ_hist·(1 − voted_2022) appears as `canvassed` = τ₀ + τ_hist and `canvassed:voted_2022` = −τ_hist.
    public static var turnoutCoefficients: [String: Double] { PlantedTruth.turnoutCoefficients }

    /// The logistic formula under which the planted donor model (the lookalike seed list) is exactly a GLM.
    public static var donorFormula: String { PlantedTruth.donorFormula }

    /// True coefficients of ``donorFormula`` keyed by term name (≈ 3 % donors overall).
    public static var donorCoefficients: [String: Double] { PlantedTruth.donorCoefficients }

    /// The planted canvassing effect on the turnout logit: τ₀ + τ_hist·(1 − voted_2022) (0.1 for a person who
    /// voted in 2022, 0.4 for one who did not).
    public static func canvassLogitEffect(voted2022: Double) -> Double { PlantedTruth.canvassLogitEffect(voted2022: voted2022) }

    /// The true individual uplift of canvassing on the probability scale (the CATE given the covariates):
    /// σ(η₀ + τ₀ + τ_hist·(1 − voted_2022)) − σ(η₀), with η₀ the control turnout logit.
    public static func plantedUplift(age: Double, female: Double, voted2018: Double, voted2020: Double, voted2022: Double) -> Double {
        PlantedTruth.uplift(age: age, female: female, voted2018: voted2018, voted2020: voted2020, voted2022: voted2022)
    }
}
