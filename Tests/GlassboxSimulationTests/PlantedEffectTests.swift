import GlassboxSimulation
import GlassboxTabular
import Testing

/// Checks that the planted structure is in the data, with empirical rates only (no model fit).
/// Tolerances are in binomial standard errors, so a failure means a real departure, not bad luck.
@Suite("VoterFileSimulator: planted effects")
struct PlantedEffectTests {
    /// Standard error of a proportion p estimated from n rows.
    func se(_ p: Double, _ n: Int) -> Double { (p * (1 - p) / Double(n)).squareRoot() }

    @Test func raceSharesMatchPlantedMarginals() throws {
        let race = try Fixture.categorical("race")
        let n = race.codes.count
        for (k, level) in race.levels.enumerated() {
            let expected = PlantedTruth.raceShares[k]
            let observed = Double(race.codes.filter { $0 == Int32(k) }.count) / Double(n)
            #expect(abs(observed - expected) < 5 * se(expected, n), "\(level): \(observed) vs \(expected)")
        }
        // Unequal shares: White is the majority, Other the smallest group.
        #expect(PlantedTruth.raceShares[4] > 0.5 && PlantedTruth.raceShares[3] < 0.05)
    }

    @Test func canvassingIsRandomisedAtOneHalf() throws {
        let canvassed = try Fixture.numeric("canvassed")
        let n = canvassed.count
        let rate = canvassed.reduce(0, +) / Double(n)
        #expect(abs(rate - 0.5) < 4 * se(0.5, n))
        // Independent of race and of vote history: the rate is 0.5 within every group.
        let race = try Fixture.categorical("race")
        for k in race.levels.indices {
            let (m, count) = mean(canvassed) { race.codes[$0] == Int32(k) }
            #expect(abs(m - 0.5) < 4 * se(0.5, count), "race \(race.levels[k])")
        }
        let v22 = try Fixture.numeric("voted_2022")
        for value in [0.0, 1.0] {
            let (m, count) = mean(canvassed) { v22[$0] == value }
            #expect(abs(m - 0.5) < 4 * se(0.5, count), "voted_2022 = \(value)")
        }
    }

    @Test func countyIsAStrongProxyForRace() throws {
        let race = try Fixture.categorical("race")
        let county = try Fixture.categorical("county")
        var counts = [[Int]](repeating: [Int](repeating: 0, count: race.levels.count), count: county.levels.count)
        for i in race.codes.indices { counts[Int(county.codes[i])][Int(race.codes[i])] += 1 }
        let largestShares = counts.map { row in Double(row.max()!) / Double(row.reduce(0, +)) }
        #expect(largestShares.filter { $0 > 0.6 }.count >= 10, "\(largestShares)")
        // Knowing the county, the modal-race guess is right far more often than guessing "White".
        let correctFromCounty = counts.reduce(0) { $0 + $1.max()! }
        let majorityShare = Double(race.codes.filter { $0 == 4 }.count) / Double(race.codes.count)
        #expect(Double(correctFromCounty) / Double(race.codes.count) > majorityShare + 0.15)
    }

    @Test func vendorScoreUnderstatesTheTurnoutOfThePlantedGroup() throws {
        let score = try Fixture.numeric("vendor_turnout_score")
        let voted = try Fixture.numeric("voted_2024")
        let race = try Fixture.categorical("race")
        let error = zip(score, voted).map { $0 - $1 }
        let planted = Int32(race.levels.firstIndex(of: PlantedTruth.vendorBiasGroup)!)
        let (plantedError, _) = mean(error) { race.codes[$0] == planted }
        #expect(plantedError < -0.08)
        for k in race.levels.indices where Int32(k) != planted {
            let (groupError, n) = mean(error) { race.codes[$0] == Int32(k) }
            // Other groups are close to calibrated (|error| within noise plus the small bias that the
            // vendor's logit noise induces), and clearly above the planted group.
            #expect(abs(groupError) < 0.015 + 4 * 0.5 / Double(n).squareRoot(), "\(race.levels[k]): \(groupError)")
            #expect(groupError - plantedError > 0.08, "\(race.levels[k])")
        }
    }

    @Test func turnoutRisesWithHistoryAndAge() throws {
        let voted = try Fixture.numeric("voted_2024")
        let age = try Fixture.numeric("age")
        for name in ["voted_2018", "voted_2020", "voted_2022"] {
            let history = try Fixture.numeric(name)
            let (rate1, _) = mean(voted) { history[$0] == 1 }
            let (rate0, _) = mean(voted) { history[$0] == 0 }
            #expect(rate1 - rate0 > 0.15, "\(name): \(rate1) vs \(rate0)")
        }
        let (old, _) = mean(voted) { age[$0] >= 65 }
        let (young, _) = mean(voted) { age[$0] < 30 }
        #expect(old - young > 0.2)
        // Vote history is itself correlated with age.
        let v20 = try Fixture.numeric("voted_2020")
        #expect(mean(v20) { age[$0] >= 65 }.mean - mean(v20) { age[$0] < 30 }.mean > 0.2)
    }

    @Test func canvassingEffectIsLargerForThoseWhoSkipped2022AndMatchesTrueUplift() throws {
        let voted = try Fixture.numeric("voted_2024")
        let canvassed = try Fixture.numeric("canvassed")
        let v22 = try Fixture.numeric("voted_2022")
        let age = try Fixture.numeric("age")
        let female = try Fixture.numeric("female")
        let v18 = try Fixture.numeric("voted_2018")
        let v20 = try Fixture.numeric("voted_2020")
        let uplift = voted.indices.map {
            PlantedTruth.uplift(age: age[$0], female: female[$0], voted2018: v18[$0], voted2020: v20[$0], voted2022: v22[$0])
        }
        var effects: [Double] = []
        for group in [0.0, 1.0] {
            let (treated, nT) = mean(voted) { v22[$0] == group && canvassed[$0] == 1 }
            let (control, nC) = mean(voted) { v22[$0] == group && canvassed[$0] == 0 }
            let effect = treated - control
            let se = (treated * (1 - treated) / Double(nT) + control * (1 - control) / Double(nC)).squareRoot()
            // The difference in means estimates the average of the true individual uplift in the group.
            let trueUplift = mean(uplift) { v22[$0] == group }.mean
            #expect(abs(effect - trueUplift) < 4 * se, "voted_2022 = \(group): \(effect) vs true \(trueUplift) (se \(se))")
            effects.append(effect)
        }
        #expect(effects[0] > 0.05)
        #expect(effects[0] - effects[1] > 0.03)
    }

    @Test func donorsAreAboutThreePercentDrivenByIncomeAgeAndParty() throws {
        let donor = try Fixture.numeric("donor")
        let income = try Fixture.numeric("income")
        let age = try Fixture.numeric("age")
        let party = try Fixture.categorical("party")
        let rate = donor.reduce(0, +) / Double(donor.count)
        #expect(rate > 0.025 && rate < 0.04)
        // log(income) has coefficient 1: the donor odds roughly triple from 40k to 120k.
        #expect(mean(donor) { income[$0] >= 120 }.mean > 2 * mean(donor) { income[$0] <= 40 }.mean)
        #expect(mean(donor) { age[$0] >= 65 }.mean > mean(donor) { age[$0] < 35 }.mean)
        let dem = mean(donor) { party.codes[$0] == 0 }.mean
        let rep = mean(donor) { party.codes[$0] == 2 }.mean
        #expect(dem > 2 * rep)
    }

    @Test func incomeDependsOnCounty() throws {
        let income = try Fixture.numeric("income")
        let county = try Fixture.categorical("county")
        // Half of each county's incomes lie below its planted median (log-normal, median = e^μ).
        var below = [Int](repeating: 0, count: county.levels.count)
        var total = [Int](repeating: 0, count: county.levels.count)
        for i in income.indices {
            let c = Int(county.codes[i])
            total[c] += 1
            if income[i] < PlantedTruth.countyMedianIncome[c] { below[c] += 1 }
        }
        for c in county.levels.indices {
            let share = Double(below[c]) / Double(total[c])
            // Rounding to 0.1 puts a little mass exactly on the median, hence the 0.01 allowance.
            #expect(abs(share - 0.5) < 4 * se(0.5, total[c]) + 0.01, "\(county.levels[c]): \(share) below \(PlantedTruth.countyMedianIncome[c])")
        }
        // And the medians differ: the richest county's voters earn far more than the poorest's.
        let richest = PlantedTruth.countyMedianIncome.indices.max { PlantedTruth.countyMedianIncome[$0] < PlantedTruth.countyMedianIncome[$1] }!
        let poorest = PlantedTruth.countyMedianIncome.indices.min { PlantedTruth.countyMedianIncome[$0] < PlantedTruth.countyMedianIncome[$1] }!
        #expect(mean(income) { county.codes[$0] == Int32(richest) }.mean > 1.8 * mean(income) { county.codes[$0] == Int32(poorest) }.mean)
    }
}

@Suite("PlantedTruth")
struct PlantedTruthTests {
    /// Evaluates the turnout formula's linear predictor from the coefficient dictionary, term by term.
    func linearPredictor(_ b: [String: Double], age: Double, female: Double, v18: Double, v20: Double, v22: Double, canvassed: Double) -> Double {
        b["(Intercept)"]! + b["I((age - 50)/10)"]! * (age - 50) / 10 + b["voted_2018"]! * v18 + b["voted_2020"]! * v20
            + b["voted_2022"]! * v22 + b["female"]! * female + b["canvassed"]! * canvassed
            + b["canvassed:voted_2022"]! * canvassed * v22
    }

    @Test func turnoutCoefficientsReproduceThePlantedModel() {
        let b = PlantedTruth.turnoutCoefficients
        #expect(b.count == 8)
        for age in [18.0, 50, 77, 95] {
            for bits in 0..<32 {
                let x = (0..<5).map { Double((bits >> $0) & 1) }
                for canvassed in [0.0, 1.0] {
                    let eta = linearPredictor(b, age: age, female: x[0], v18: x[1], v20: x[2], v22: x[3], canvassed: canvassed)
                    let p = PlantedTruth.turnoutProbability(
                        age: age, female: x[0], voted2018: x[1], voted2020: x[2], voted2022: x[3], canvassed: canvassed)
                    #expect(abs(p - PlantedTruth.logistic(eta)) < 1e-14)
                }
                let uplift = PlantedTruth.uplift(age: age, female: x[0], voted2018: x[1], voted2020: x[2], voted2022: x[3])
                let treated = PlantedTruth.turnoutProbability(
                    age: age, female: x[0], voted2018: x[1], voted2020: x[2], voted2022: x[3], canvassed: 1)
                let control = PlantedTruth.turnoutProbability(
                    age: age, female: x[0], voted2018: x[1], voted2020: x[2], voted2022: x[3], canvassed: 0)
                #expect(abs(uplift - (treated - control)) < 1e-15)
            }
        }
        // The formula names exactly the planted terms.
        for term in b.keys where term != "(Intercept)" {
            for part in term.split(separator: ":") { #expect(PlantedTruth.turnoutFormula.contains(part)) }
        }
    }

    @Test func sharesAreProbabilityVectors() {
        #expect(abs(PlantedTruth.countyShares.reduce(0, +) - 1) < 1e-12)
        #expect(PlantedTruth.raceSharesByCounty.count == PlantedTruth.counties.count)
        for row in PlantedTruth.raceSharesByCounty { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
        #expect(abs(PlantedTruth.raceShares.reduce(0, +) - 1) < 1e-12)
    }
}

@Suite("Planted values on the simulator")
struct SimulatorPlantedValuesTests {
    @Test("VoterFileSimulator publishes the planted formulas, coefficients and effects")
    func published() {
        #expect(VoterFileSimulator.turnoutFormula == PlantedTruth.turnoutFormula)
        #expect(VoterFileSimulator.turnoutCoefficients == PlantedTruth.turnoutCoefficients)
        #expect(VoterFileSimulator.donorFormula == PlantedTruth.donorFormula)
        #expect(VoterFileSimulator.donorCoefficients == PlantedTruth.donorCoefficients)
        #expect(abs(VoterFileSimulator.canvassLogitEffect(voted2022: 0) - 0.4) < 1e-15 && VoterFileSimulator.canvassLogitEffect(voted2022: 1) == 0.1)
        #expect(VoterFileSimulator.plantedUplift(age: 40, female: 1, voted2018: 0, voted2020: 1, voted2022: 0)
                == PlantedTruth.uplift(age: 40, female: 1, voted2018: 0, voted2020: 1, voted2022: 0))
    }
}
