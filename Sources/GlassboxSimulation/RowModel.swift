/// The parameters of ``PlantedTruth`` copied into flat stored properties once per generation, so the
/// per-row loop reads locals instead of lazily initialised globals and nested arrays.
struct RowModel: Sendable {
    let countyCDF: [Double]
    /// P(race ≤ k | county c) at `raceCDF[c * raceCount + k]`.
    let raceCDF: [Double]
    let raceCount: Int
    let femaleShare: Double
    let expPartyDEM: [Double]
    let partyREP: [Double]
    let partyAgeSlopeREP: Double
    let logMedianIncome: [Double]
    let incomeLogSD: Double
    let historySD: Double
    let historyAgeSlope: Double
    let history0: Double, history1: Double, history2: Double
    let historyMinAge0: Double, historyMinAge1: Double, historyMinAge2: Double
    let canvassProbability: Double
    let beta0: Double, betaAge: Double, beta2018: Double, beta2020: Double, beta2022: Double, betaFemale: Double
    let tau0: Double, tauSkipped: Double
    let donor0: Double, donorLogIncome: Double, donorAge: Double, donorIND: Double, donorREP: Double
    let vendorBiasRace: Int
    let vendorBiasLogit: Double
    let vendorNoiseSD: Double
    let scoreScale: Double
    let weightLogSD: Double

    init() {
        typealias T = PlantedTruth
        countyCDF = SimulatedRow.cumulative(T.countyShares)
        raceCount = T.raceLevels.count
        raceCDF = T.raceSharesByCounty.flatMap(SimulatedRow.cumulative)
        femaleShare = T.femaleShare
        expPartyDEM = T.partyLogits.map { SimulationMath.exp($0[0]) }
        partyREP = T.partyLogits.map { $0[1] }
        partyAgeSlopeREP = T.partyAgeSlopeREP
        logMedianIncome = T.countyMedianIncome.map { SimulationMath.log($0) }
        incomeLogSD = T.incomeLogSD
        historySD = T.historyPropensitySD
        historyAgeSlope = T.historyAgeSlope
        (history0, history1, history2) = (T.historyIntercepts[0], T.historyIntercepts[1], T.historyIntercepts[2])
        historyMinAge0 = Double(T.historyMinimumAge[0])
        historyMinAge1 = Double(T.historyMinimumAge[1])
        historyMinAge2 = Double(T.historyMinimumAge[2])
        canvassProbability = T.canvassProbability
        beta0 = T.turnoutIntercept
        betaAge = T.turnoutAge
        beta2018 = T.turnoutVoted2018
        beta2020 = T.turnoutVoted2020
        beta2022 = T.turnoutVoted2022
        betaFemale = T.turnoutFemale
        tau0 = T.canvassEffect
        tauSkipped = T.canvassEffectIfSkipped2022
        let d = T.donorCoefficients
        donor0 = d["(Intercept)"]!
        donorLogIncome = d["log(income)"]!
        donorAge = d["I((age - 50)/10)"]!
        donorIND = d["party[IND]"]!
        donorREP = d["party[REP]"]!
        vendorBiasRace = T.raceLevels.firstIndex(of: T.vendorBiasGroup)!
        vendorBiasLogit = T.vendorBiasLogit
        vendorNoiseSD = T.vendorNoiseSD
        scoreScale = (0..<T.vendorScoreDecimals).reduce(1.0) { r, _ in r * 10 }
        weightLogSD = T.weightLogSD
    }
}
