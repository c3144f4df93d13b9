import GlassboxCore
import Tabular

/// Column buffers for a run of simulated rows, and the per-row generating process.
///
/// Each row consumes draws from the block's generator in a fixed order: county, race, age, female,
/// party, income, civic propensity, three vote-history draws, canvassed, voted_2024, donor, vendor
/// error, weight. Every parameter comes from ``PlantedTruth``.
struct SimulatedColumns: Sendable {
    var age: [Double] = []
    var female: [Double] = []
    var race: [Int32] = []
    var county: [Int32] = []
    var party: [Int32] = []
    var income: [Double] = []
    var voted2018: [Double] = []
    var voted2020: [Double] = []
    var voted2022: [Double] = []
    var canvassed: [Double] = []
    var voted2024: [Double] = []
    var donor: [Double] = []
    var vendorScore: [Double] = []
    var weight: [Double] = []

    init(capacity: Int) {
        for path in [\Self.age, \.female, \.income, \.voted2018, \.voted2020, \.voted2022, \.canvassed,
                     \.voted2024, \.donor, \.vendorScore, \.weight] as [WritableKeyPath<Self, [Double]>] {
            self[keyPath: path].reserveCapacity(capacity)
        }
        race.reserveCapacity(capacity)
        county.reserveCapacity(capacity)
        party.reserveCapacity(capacity)
    }

    mutating func append(contentsOf other: SimulatedColumns) {
        age += other.age
        female += other.female
        race += other.race
        county += other.county
        party += other.party
        income += other.income
        voted2018 += other.voted2018
        voted2020 += other.voted2020
        voted2022 += other.voted2022
        canvassed += other.canvassed
        voted2024 += other.voted2024
        donor += other.donor
        vendorScore += other.vendorScore
        weight += other.weight
    }

    /// Draws one voter. The formulas are those documented on ``PlantedTruth``.
    mutating func appendRow(using rng: inout SeededGenerator) {
        typealias T = PlantedTruth
        let c = Self.pick(Self.countyCDF, rng.nextUniform())
        let r = Self.pick(Self.raceCDFByCounty[c], rng.nextUniform())
        let a = Self.drawAge(rng.nextUniform())
        let decades = (a - 50) / 10
        let f: Double = rng.nextBernoulli(T.femaleShare) ? 1 : 0

        // Multinomial logit with IND as base; codes follow partyLevels = [DEM, IND, REP].
        let dem = SimulationMath.exp(T.partyLogits[r][0])
        let rep = SimulationMath.exp(T.partyLogits[r][1] + T.partyAgeSlopeREP * decades)
        let u = rng.nextUniform() * (dem + 1 + rep)
        let p: Int32 = u < dem ? 0 : (u < dem + 1 ? 1 : 2)

        let logIncome = Self.logMedianIncome[c] + T.incomeLogSD * rng.nextNormal()
        let inc = max(0.1, (SimulationMath.exp(logIncome) * 10).rounded() / 10)

        let civic = T.historyPropensitySD * rng.nextNormal()
        let v18 = Self.drawHistory(0, decades: decades, civic: civic, age: a, using: &rng)
        let v20 = Self.drawHistory(1, decades: decades, civic: civic, age: a, using: &rng)
        let v22 = Self.drawHistory(2, decades: decades, civic: civic, age: a, using: &rng)

        let canv: Double = rng.nextBernoulli(T.canvassProbability) ? 1 : 0
        let eta0 = T.controlLogit(age: a, female: f, voted2018: v18, voted2020: v20, voted2022: v22)
        let eta1 = eta0 + T.canvassLogitEffect(voted2022: v22)
        let v24: Double = rng.nextUniform() < T.logistic(canv == 1 ? eta1 : eta0) ? 1 : 0

        let donorEta = Self.donorIntercept + Self.donorLogIncome * SimulationMath.log(inc) + Self.donorAge * decades
            + (p == 1 ? Self.donorIND : 0) + (p == 2 ? Self.donorREP : 0)
        let d: Double = rng.nextUniform() < T.logistic(donorEta) ? 1 : 0

        // The vendor predicts turnout before the randomised contact: the expected probability over
        // the canvass draw, with its own error, and a planted shift against one group.
        let expected = (1 - T.canvassProbability) * T.logistic(eta0) + T.canvassProbability * T.logistic(eta1)
        var vendorEta = SimulationMath.log(expected / (1 - expected)) + T.vendorNoiseSD * rng.nextNormal()
        if r == Self.vendorBiasRace { vendorEta += T.vendorBiasLogit }
        let score = (T.logistic(vendorEta) * Self.scoreScale).rounded() / Self.scoreScale

        let w = SimulationMath.exp(T.weightLogSD * rng.nextNormal() - T.weightLogSD * T.weightLogSD / 2)

        age.append(a)
        female.append(f)
        race.append(Int32(r))
        county.append(Int32(c))
        party.append(p)
        income.append(inc)
        voted2018.append(v18)
        voted2020.append(v20)
        voted2022.append(v22)
        canvassed.append(canv)
        voted2024.append(v24)
        donor.append(d)
        vendorScore.append(score)
        weight.append(max(0.0001, (w * 10_000).rounded() / 10_000))
    }

    /// Vote in history election `k`: logit = intercept_k + slope·(age − 50)/10 + civic, and 0 when
    /// the voter was under 18 at that election.
    @inline(__always)
    static func drawHistory(_ k: Int, decades: Double, civic: Double, age: Double, using rng: inout SeededGenerator) -> Double {
        let eta = PlantedTruth.historyIntercepts[k] + PlantedTruth.historyAgeSlope * decades + civic
        let voted = rng.nextUniform() < PlantedTruth.logistic(eta)
        return voted && Int(age) >= PlantedTruth.historyMinimumAge[k] ? 1 : 0
    }

    /// The table with ``VoterFileSimulator/columnNames``.
    func table(voterIDs: CategoricalColumn) -> Table {
        typealias T = PlantedTruth
        let columns: [Column] = [
            .categorical(voterIDs), .numeric(age), .numeric(female),
            .categorical(CategoricalColumn(levels: T.raceLevels, codes: race)),
            .categorical(CategoricalColumn(levels: T.counties, codes: county)),
            .categorical(CategoricalColumn(levels: T.partyLevels, codes: party)),
            .numeric(income), .numeric(voted2018), .numeric(voted2020), .numeric(voted2022),
            .numeric(canvassed), .numeric(voted2024), .numeric(donor), .numeric(vendorScore), .numeric(weight),
        ]
        do {
            return try Table(names: VoterFileSimulator.columnNames, columns: columns)
        } catch {
            preconditionFailure("simulated columns are inconsistent: \(error)")
        }
    }

    // MARK: Precomputed parameters

    static let countyCDF = cumulative(PlantedTruth.countyShares)
    static let raceCDFByCounty = PlantedTruth.raceSharesByCounty.map(cumulative)
    static let logMedianIncome = PlantedTruth.countyMedianIncome.map { SimulationMath.log($0) }
    static let vendorBiasRace = PlantedTruth.raceLevels.firstIndex(of: PlantedTruth.vendorBiasGroup)!
    static let scoreScale: Double = (0..<PlantedTruth.vendorScoreDecimals).reduce(1.0) { r, _ in r * 10 }
    static let donorIntercept = PlantedTruth.donorCoefficients["(Intercept)"]!
    static let donorLogIncome = PlantedTruth.donorCoefficients["log(income)"]!
    static let donorAge = PlantedTruth.donorCoefficients["I((age - 50)/10)"]!
    static let donorIND = PlantedTruth.donorCoefficients["party[IND]"]!
    static let donorREP = PlantedTruth.donorCoefficients["party[REP]"]!

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

    /// The first index whose cumulative share exceeds `u` (inverse-CDF draw of a categorical).
    @inline(__always) static func pick(_ cdf: [Double], _ u: Double) -> Int {
        var k = 0
        while k < cdf.count - 1 && u >= cdf[k] { k += 1 }
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
