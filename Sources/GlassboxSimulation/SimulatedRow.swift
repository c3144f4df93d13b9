/// One simulated voter (codes index the levels in ``PlantedTruth``).
struct SimulatedRow {
    var age, female: Double
    var race, county, party: Int32
    var income, voted2018, voted2020, voted2022, canvassed, voted2024, donor, vendorScore, weight: Double
}
