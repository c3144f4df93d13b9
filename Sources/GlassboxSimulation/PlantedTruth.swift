/// Every value planted in the synthetic voter file by ``VoterFileSimulator``, so tests, the demo and
/// the docs can check that Glassbox recovers what was put in.
///
/// Coefficients are keyed by Glassbox term names (`(Intercept)`, `age`, `I((age - 50)/10)`,
/// `party[REP]`, `a:b`) exactly as a fit of ``turnoutFormula`` or ``donorFormula`` prints them.
/// The full generating process is documented in `docs/simulated-voter-file.md`.
package enum PlantedTruth {
    // MARK: Geography and race

    /// Race levels in Glassbox level order (sorted by UTF-8 bytes). Race is the protected attribute.
    package static let raceLevels = ["Asian", "Black", "Hispanic", "Other", "White"]

    /// County names, `County A` … `County L`, in level order.
    package static let counties: [String] = (0..<12).map { "County \(Character(UnicodeScalar(UInt8(65 + $0))))" }

    /// P(county): the share of voters living in each county (sums to 1).
    package static let countyShares: [Double] = [0.14, 0.12, 0.10, 0.09, 0.08, 0.07, 0.09, 0.07, 0.08, 0.06, 0.05, 0.05]

    /// P(race | county): one row per county, columns in ``raceLevels`` order. Most counties are
    /// dominated by one group (share ≥ 0.66), which makes `county` a strong geographic proxy for race.
    package static let raceSharesByCounty: [[Double]] = [
        // Asian  Black  Hispanic Other  White
        [0.03, 0.05, 0.06, 0.02, 0.84], // A
        [0.04, 0.04, 0.05, 0.02, 0.85], // B
        [0.02, 0.06, 0.04, 0.02, 0.86], // C
        [0.05, 0.05, 0.08, 0.02, 0.80], // D
        [0.03, 0.03, 0.07, 0.02, 0.85], // E
        [0.02, 0.08, 0.10, 0.02, 0.78], // F
        [0.04, 0.05, 0.72, 0.03, 0.16], // G: Hispanic-majority
        [0.03, 0.04, 0.70, 0.03, 0.20], // H: Hispanic-majority
        [0.02, 0.74, 0.06, 0.02, 0.16], // I: Black-majority
        [0.03, 0.70, 0.08, 0.02, 0.17], // J: Black-majority
        [0.66, 0.04, 0.12, 0.04, 0.14], // K: Asian-majority
        [0.15, 0.20, 0.25, 0.10, 0.30], // L: mixed
    ]

    /// Expected P(race) = Σ_c P(c)·P(race | c), in ``raceLevels`` order
    /// (≈ Asian 0.069, Black 0.151, Hispanic 0.180, Other 0.027, White 0.574).
    package static var raceShares: [Double] {
        raceLevels.indices.map { r in zip(countyShares, raceSharesByCounty).reduce(0) { $0 + $1.0 * $1.1[r] } }
    }

    /// Median household income (thousands) per county: log(income) ~ N(log(median_c), ``incomeLogSD``²).
    package static let countyMedianIncome: [Double] = [72, 85, 64, 58, 95, 52, 48, 55, 44, 50, 88, 62]
    /// Standard deviation of log(income) within a county.
    package static let incomeLogSD = 0.55

    // MARK: Demographics

    /// Youngest age in the file.
    package static let ageMinimum = 18
    /// Oldest age in the file.
    package static let ageMaximum = 95
    /// Ages have density flat on [18, 65) and falling linearly to 0 at 96 (integer part taken), so
    /// the mean is ≈ 49.6 and the tail is long on the old side.
    package static let agePlateauEnd = 65.0
    /// P(female = 1).
    package static let femaleShare = 0.53

    /// Party levels in Glassbox level order; `DEM` is the reference level.
    package static let partyLevels = ["DEM", "IND", "REP"]
    /// Party is multinomial logit with `IND` as the base: logit(DEM vs IND) = `partyLogits[r][0]`,
    /// logit(REP vs IND) = `partyLogits[r][1]` + ``partyAgeSlopeREP`` · (age − 50)/10, r in ``raceLevels`` order.
    package static let partyLogits: [[Double]] = [
        [0.9, 0.0], // Asian
        [2.2, -1.0], // Black
        [1.2, 0.2], // Hispanic
        [0.6, 0.2], // Other
        [0.3, 0.7], // White
    ]
    /// Age slope of the REP-vs-IND logit per decade.
    package static let partyAgeSlopeREP = 0.2

    // MARK: Vote history

    /// Vote history years in column order (`voted_2018`, `voted_2020`, `voted_2022`).
    package static let historyYears = [2018, 2020, 2022]
    /// logit P(voted_y = 1) = `historyIntercepts[y]` + ``historyAgeSlope`` · (age − 50)/10 + u, with a
    /// person-level civic propensity u ~ N(0, ``historyPropensitySD``²) shared by the three elections
    /// (so the history columns are correlated with each other and with age).
    package static let historyIntercepts: [Double] = [0.0, 0.9, -0.2]
    /// Age slope (per decade) of each vote-history logit.
    package static let historyAgeSlope = 0.3
    /// Standard deviation of the shared civic propensity.
    package static let historyPropensitySD = 1.2
    /// Minimum age in 2024 to have been eligible in each history year (18 at that election).
    package static let historyMinimumAge = [24, 22, 20]

    // MARK: Canvassing experiment and turnout in 2024

    /// P(canvassed = 1): randomised, independent of everything else.
    package static let canvassProbability = 0.5

    /// The logistic formula under which the planted turnout model is exactly a GLM.
    package static let turnoutFormula =
        "voted_2024 ~ I((age - 50)/10) + voted_2018 + voted_2020 + voted_2022 + female + canvassed + canvassed:voted_2022"

    /// β₀ of the control (not canvassed) turnout logit.
    package static let turnoutIntercept = -0.8
    /// Per-decade age slope β_age on (age − 50)/10.
    package static let turnoutAge = 0.25
    /// Effect of having voted in 2018.
    package static let turnoutVoted2018 = 0.5
    /// Effect of having voted in 2020.
    package static let turnoutVoted2020 = 0.8
    /// Effect of having voted in 2022.
    package static let turnoutVoted2022 = 1.1
    /// Effect of female = 1.
    package static let turnoutFemale = 0.15
    /// τ₀: canvassing effect on the logit for people who voted in 2022.
    package static let canvassEffect = 0.1
    /// τ_hist: extra canvassing effect on the logit for people who skipped 2022.
    package static let canvassEffectIfSkipped2022 = 0.3

    /// True coefficients of ``turnoutFormula`` keyed by term name. The canvassing effect
    /// τ₀ + τ_hist·(1 − voted_2022) becomes `canvassed` = τ₀ + τ_hist and `canvassed:voted_2022` = −τ_hist.
    package static let turnoutCoefficients: [String: Double] = [
        "(Intercept)": turnoutIntercept,
        "I((age - 50)/10)": turnoutAge,
        "voted_2018": turnoutVoted2018,
        "voted_2020": turnoutVoted2020,
        "voted_2022": turnoutVoted2022,
        "female": turnoutFemale,
        "canvassed": canvassEffect + canvassEffectIfSkipped2022,
        "canvassed:voted_2022": -canvassEffectIfSkipped2022,
    ]

    /// Control turnout logit η₀ = β₀ + β_age·(age − 50)/10 + β₁₈·v₁₈ + β₂₀·v₂₀ + β₂₂·v₂₂ + β_f·female.
    package static func controlLogit(age: Double, female: Double, voted2018: Double, voted2020: Double, voted2022: Double) -> Double {
        turnoutIntercept + turnoutAge * (age - 50) / 10 + turnoutVoted2018 * voted2018 + turnoutVoted2020 * voted2020
            + turnoutVoted2022 * voted2022 + turnoutFemale * female
    }

    /// Canvassing effect on the logit: τ₀ + τ_hist·(1 − voted_2022).
    package static func canvassLogitEffect(voted2022: Double) -> Double {
        canvassEffect + canvassEffectIfSkipped2022 * (1 - voted2022)
    }

    /// P(voted_2024 = 1) = σ(η₀ + canvassed·(τ₀ + τ_hist·(1 − voted_2022))), σ(x) = 1/(1 + e^−x).
    package static func turnoutProbability(
        age: Double, female: Double, voted2018: Double, voted2020: Double, voted2022: Double, canvassed: Double
    ) -> Double {
        let eta = controlLogit(age: age, female: female, voted2018: voted2018, voted2020: voted2020, voted2022: voted2022)
        return logistic(eta + canvassed * canvassLogitEffect(voted2022: voted2022))
    }

    /// True individual uplift on the probability scale (the CATE given the covariates):
    /// σ(η₀ + τ₀ + τ_hist·(1 − voted_2022)) − σ(η₀).
    package static func uplift(age: Double, female: Double, voted2018: Double, voted2020: Double, voted2022: Double) -> Double {
        let eta = controlLogit(age: age, female: female, voted2018: voted2018, voted2020: voted2020, voted2022: voted2022)
        return logistic(eta + canvassLogitEffect(voted2022: voted2022)) - logistic(eta)
    }

    // MARK: Donor seed list

    /// The logistic formula under which the planted donor model is exactly a GLM (`party` is a
    /// string column, hence categorical with reference `DEM`).
    package static let donorFormula = "donor ~ log(income) + I((age - 50)/10) + party"

    /// True coefficients of ``donorFormula`` keyed by term name (≈ 3 % donors overall).
    package static let donorCoefficients: [String: Double] = [
        "(Intercept)": -7.3,
        "log(income)": 1.0,
        "I((age - 50)/10)": 0.3,
        "party[IND]": -0.7,
        "party[REP]": -1.5,
    ]

    // MARK: Vendor turnout score

    /// The race group whose turnout the vendor score understates.
    package static let vendorBiasGroup = "Hispanic"
    /// Shift of the vendor's logit for ``vendorBiasGroup`` (negative: understated turnout).
    package static let vendorBiasLogit = -0.6
    /// Standard deviation of the vendor's person-level logit error (a vendor is not an oracle).
    package static let vendorNoiseSD = 0.5
    /// The vendor score is rounded to this many decimals, as vendors deliver it.
    package static let vendorScoreDecimals = 4

    // MARK: Survey weights

    /// weight = exp(``weightLogSD``·z − ``weightLogSD``²/2), z ~ N(0, 1): log-normal with mean 1,
    /// rounded to 4 decimals.
    package static let weightLogSD = 0.4

    /// σ(x) = 1/(1 + e^−x).
    package static func logistic(_ x: Double) -> Double { 1 / (1 + SimulationMath.exp(-x)) }
}
