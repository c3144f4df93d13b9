extension LookalikeFit {
    /// The coefficients of the classifier a `logistic` or `pu` model scores with: for a bagged model
    /// the mean over the T rounds, β̄ⱼ = (1/T)·Σₜ βₜⱼ, an aliased estimate counting as 0 in its round
    /// (as in ``score(_:)``, which drops aliased columns). A term aliased in every round has no
    /// estimate: nil, as statsmodels' NaN and R's `NA`; renderings show it as "aliased".
    /// Empty for `similarity`, which has no classifier. This is the one place the means are formed:
    /// `inspect`, `report` and `evaluate lookalike` all show these values.
    public var meanCoefficients: [Double?] {
        guard !classifiers.isEmpty else { return [] }
        let rounds = Double(classifiers.count)
        return terms.indices.map { j in
            let values = classifiers.compactMap { $0[j] }
            return values.isEmpty ? nil : values.reduce(0, +) / rounds
        }
    }
}
