import GlassboxTabular

/// Column buffers for a run of simulated rows (one chunk of blocks, then the whole table).
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

    /// Appends one drawn row to the buffers.
    mutating func append(_ row: SimulatedRow) {
        age.append(row.age)
        female.append(row.female)
        race.append(row.race)
        county.append(row.county)
        party.append(row.party)
        income.append(row.income)
        voted2018.append(row.voted2018)
        voted2020.append(row.voted2020)
        voted2022.append(row.voted2022)
        canvassed.append(row.canvassed)
        voted2024.append(row.voted2024)
        donor.append(row.donor)
        vendorScore.append(row.vendorScore)
        weight.append(row.weight)
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
}
