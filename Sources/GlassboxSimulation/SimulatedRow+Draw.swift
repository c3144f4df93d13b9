import GlassboxCore

/// The per-row generating process.
///
/// Each row consumes draws from the block's generator in a fixed order: county, race, age, female,
/// party, income, civic propensity, three vote-history draws, canvassed, voted_2024, donor, vendor
/// error, weight. Every parameter comes from ``PlantedTruth`` (copied into a ``RowModel``).
extension SimulatedRow {
    /// Draws one voter. The formulas are those documented on ``PlantedTruth``; `model` holds the
    /// same parameters in flat local storage so the hot loop touches no global state.
    static func draw(using rng: inout SeededGenerator, model m: RowModel) -> SimulatedRow {
        let c = Self.pick(m.countyCDF, 0, m.countyCDF.count, rng.nextUniform())
        let r = Self.pick(m.raceCDF, c * m.raceCount, m.raceCount, rng.nextUniform())
        let a = Self.drawAge(rng.nextUniform())
        let decades = (a - 50) / 10
        let f: Double = rng.nextUniform() < m.femaleShare ? 1 : 0

        // Multinomial logit with IND as base; codes follow partyLevels = [DEM, IND, REP].
        let dem = m.expPartyDEM[r]
        let rep = SimulationMath.exp(m.partyREP[r] + m.partyAgeSlopeREP * decades)
        let u = rng.nextUniform() * (dem + 1 + rep)
        let p: Int32 = u < dem ? 0 : (u < dem + 1 ? 1 : 2)

        let logIncome = m.logMedianIncome[c] + m.incomeLogSD * rng.nextNormal()
        let inc = max(0.1, (SimulationMath.exp(logIncome) * 10).rounded() / 10)

        let civic = m.historySD * rng.nextNormal()
        let base = m.historyAgeSlope * decades + civic
        let v18: Double = rng.nextUniform() < logistic(m.history0 + base) && a >= m.historyMinAge0 ? 1 : 0
        let v20: Double = rng.nextUniform() < logistic(m.history1 + base) && a >= m.historyMinAge1 ? 1 : 0
        let v22: Double = rng.nextUniform() < logistic(m.history2 + base) && a >= m.historyMinAge2 ? 1 : 0

        let canv: Double = rng.nextUniform() < m.canvassProbability ? 1 : 0
        let eta0 = m.beta0 + m.betaAge * decades + m.beta2018 * v18 + m.beta2020 * v20 + m.beta2022 * v22
            + m.betaFemale * f
        let eta1 = eta0 + m.tau0 + m.tauSkipped * (1 - v22)
        let v24: Double = rng.nextUniform() < logistic(canv == 1 ? eta1 : eta0) ? 1 : 0

        let donorEta = m.donor0 + m.donorLogIncome * SimulationMath.log(inc) + m.donorAge * decades
            + (p == 1 ? m.donorIND : 0) + (p == 2 ? m.donorREP : 0)
        let d: Double = rng.nextUniform() < logistic(donorEta) ? 1 : 0

        // The vendor predicts turnout before the randomised contact: the expected probability over
        // the canvass draw, with its own error, and a planted shift against one group.
        let expected = (1 - m.canvassProbability) * logistic(eta0) + m.canvassProbability * logistic(eta1)
        var vendorEta = SimulationMath.log(expected / (1 - expected)) + m.vendorNoiseSD * rng.nextNormal()
        if r == m.vendorBiasRace { vendorEta += m.vendorBiasLogit }
        let score = (logistic(vendorEta) * m.scoreScale).rounded() / m.scoreScale

        let w = SimulationMath.exp(m.weightLogSD * rng.nextNormal() - m.weightLogSD * m.weightLogSD / 2)

        return SimulatedRow(
            age: a, female: f, race: Int32(r), county: Int32(c), party: p, income: inc,
            voted2018: v18, voted2020: v20, voted2022: v22, canvassed: canv, voted2024: v24, donor: d,
            vendorScore: score, weight: max(0.0001, (w * 10_000).rounded() / 10_000)
        )
    }

    @inline(__always) private static func logistic(_ x: Double) -> Double { 1 / (1 + SimulationMath.exp(-x)) }

    /// Running sums, with the last entry forced to 1 so rounding never leaves a gap.
    static func cumulative(_ shares: [Double]) -> [Double] {
        let total = shares.reduce(0, +)
        var sum = 0.0
        var result = shares.map { share -> Double in
            sum += share / total
            return sum
        }
        result[result.count - 1] = 1
        return result
    }

    /// The first index k < `count` with `cdf[offset + k]` > `u` (inverse-CDF draw of a categorical
    /// whose cumulative shares are stored at `cdf[offset..<offset + count]`).
    @inline(__always) static func pick(_ cdf: [Double], _ offset: Int, _ count: Int, _ u: Double) -> Int {
        var k = 0
        while k < count - 1 && u >= cdf[offset + k] { k += 1 }
        return k
    }

    /// Inverse CDF of the age density: flat on [18, 65), then falling linearly to 0 at 96; the
    /// integer part is the age (18…95). With plateau height 1 the total area is 47 + 31/2 = 62.5;
    /// on the falling part the CDF beyond 65 is x − x²/62 for x ∈ [0, 31), solved for x.
    @inline(__always) static func drawAge(_ u: Double) -> Double {
        let minimum = Double(PlantedTruth.ageMinimum)
        let plateau = PlantedTruth.agePlateauEnd - minimum
        let tail = Double(PlantedTruth.ageMaximum + 1) - PlantedTruth.agePlateauEnd
        let area = u * (plateau + tail / 2)
        let age: Double
        if area < plateau {
            age = minimum + area
        } else {
            let r = area - plateau
            age = PlantedTruth.agePlateauEnd + tail - (tail * tail - 2 * tail * r).squareRoot()
        }
        return min(Double(PlantedTruth.ageMaximum), age.rounded(.down))
    }
}
