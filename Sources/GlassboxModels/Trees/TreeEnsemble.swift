/// An additive ensemble of binary decision trees, as XGBoost, LightGBM, scikit-learn and PMML exporters
/// save them: the model a ``ModelKind/treeEnsemble`` file holds, independent of the format it came from.
///
/// A row's margin is `baseMargin + Σₜ wₜ · leafₜ(x)` (``Combination/sum``, gradient boosting) or
/// `baseMargin + Σₜ wₜ · leafₜ(x) / Σₜ wₜ` (``Combination/average``, random forests), and its score is
/// ``Link/logistic`` `1 / (1 + e^−margin)` or ``Link/identity`` of the margin. Each importer maps its
/// format's conventions (XGBoost's `base_score`, LightGBM's `decision_type` bits, PMML's predicates) onto
/// these fields, so scoring and TreeSHAP are written once. References: Chen & Guestrin (2016) XGBoost;
/// Ke et al. (2017) LightGBM; DMG PMML 4.4 TreeModel and MiningModel.
public struct TreeEnsemble: Sendable, Equatable, Codable {
    /// The model's input features, in the order the trees' ``TreeNode/feature`` indices refer to.
    public var features: [TreeFeature]
    /// The trees, in the order the maker evaluates (and sums) them.
    public var trees: [DecisionTree]
    /// Per-tree weights `wₜ` (all 1 for boosting; PMML `weightedAverage` segments carry their own).
    public var treeWeights: [Double]
    /// Added to the combined leaf values before the link (XGBoost's `base_score` on the margin scale).
    public var baseMargin: Double
    /// How tree outputs combine.
    public var combination: Combination
    /// How the margin becomes the score.
    public var link: Link
    /// The precision the maker compares feature values with thresholds in (XGBoost: 32-bit floats).
    public var comparison: ComparisonPrecision
    /// How categorical splits read a value that is not a whole number; nil (files written before the field,
    /// and PMML, whose codes are level positions) is ``CategoryCodes/wholeNumbers``.
    public var categoryCodes: CategoryCodes?
    /// A linear part added to the margin (a PMML logistic regression, which has no trees); nil for a tree model.
    package var linearTerms: TreeEnsembleLinearTerms?

    /// How tree outputs combine into the margin.
    public enum Combination: String, Sendable, Codable {
        /// `Σ wₜ · leafₜ` (gradient boosting).
        case sum
        /// `Σ wₜ · leafₜ / Σ wₜ` (random forests, PMML `average` / `weightedAverage`).
        case average
    }

    /// The function from margin to score.
    public enum Link: String, Sendable, Codable {
        /// `1 / (1 + e^−margin)`: a probability from log-odds (`binary:logistic`, LightGBM `binary`).
        case logistic
        /// The margin itself (`binary:logitraw`, or leaves that already hold probabilities).
        case identity
    }

    /// The precision of feature-versus-threshold comparisons.
    public enum ComparisonPrecision: String, Sendable, Codable {
        /// Feature values and thresholds are rounded to `Float` before comparing, as XGBoost does.
        case float32
        /// Compared as `Double`, as LightGBM and PMML evaluators do.
        case float64
    }

    /// How a categorical split turns a feature value into a category code (makers differ for values that are
    /// not whole numbers, which reach a split when a numeric column holds the codes).
    public enum CategoryCodes: String, Sendable, Codable {
        /// Only whole numbers 0…2³¹−1 are codes; any other value is in no listed category.
        case wholeNumbers
        /// Truncated toward zero as C's `(int)` cast does (LightGBM's `CategoricalDecision`: 2.7 → 2,
        /// −0.5 → 0); a negative result or a value beyond `Int32` is in no listed category.
        case truncated
        /// Rounded to `Float`, then truncated toward zero (XGBoost's `AsCat`); a negative value or one at or
        /// above 2²⁴ is invalid and in no listed category (XGBoost's `InvalidCat`).
        case float32Truncated
    }

    /// ``categoryCodes`` with its default.
    package var categoryCodeRule: CategoryCodes { categoryCodes ?? .wholeNumbers }

    public init(features: [TreeFeature], trees: [DecisionTree], treeWeights: [Double]? = nil, baseMargin: Double,
                combination: Combination = .sum, link: Link, comparison: ComparisonPrecision,
                categoryCodes: CategoryCodes? = nil) {
        self.features = features
        self.trees = trees
        self.treeWeights = treeWeights ?? Array(repeating: 1, count: trees.count)
        self.baseMargin = baseMargin
        self.combination = combination
        self.link = link
        self.comparison = comparison
        self.categoryCodes = categoryCodes
    }
}

/// One input feature of a tree ensemble.
public struct TreeFeature: Sendable, Equatable, Codable {
    /// The column name the maker saved (matched to a table column of the same name).
    public var name: String
    /// Numeric, or categorical with the levels whose positions are the category codes splits test.
    public var kind: Kind

    public enum Kind: Sendable, Equatable, Codable {
        /// A number compared with thresholds.
        case numeric
        /// A category: `levels[c]` is the text of code `c` (LightGBM `pandas_categorical`, XGBoost
        /// categories, PMML `Value`s). An empty list means the codes are the column's numbers themselves.
        case categorical(levels: [String])
    }

    public init(name: String, kind: Kind = .numeric) {
        self.name = name
        self.kind = kind
    }
}

/// One tree as a flat node array; node 0 is the root. Children always have larger indices than their
/// parent once validated (``TreeEnsemble/validate()``), so walks terminate.
public struct DecisionTree: Sendable, Equatable, Codable {
    public var nodes: [TreeNode]

    public init(nodes: [TreeNode]) { self.nodes = nodes }
}

/// A node of a ``DecisionTree``: a leaf when ``feature`` is `-1`, otherwise a binary split.
public struct TreeNode: Sendable, Equatable, Codable {
    /// Index into ``TreeEnsemble/features``; `-1` for a leaf.
    public var feature: Int32
    /// How a present value is sent left.
    public var rule: SplitRule
    /// The split threshold (numeric rules).
    public var threshold: Double
    /// Category codes sent left (``SplitRule/categoryIn``), sorted ascending.
    public var categories: [Int32]
    /// Child node indices (`-1` for a leaf).
    public var left: Int32
    public var right: Int32
    /// Where a missing value goes (after ``missing`` has been applied).
    public var missingGoesLeft: Bool
    /// What counts as missing at this node.
    public var missing: MissingPolicy
    /// The leaf value on the margin scale (the node's own value for an internal node when the format
    /// saves one, else 0).
    public var value: Double
    /// The training weight (Hessian sum or row count) that reached the node: path-dependent TreeSHAP's
    /// `r_j` and XGBoost's `cover`.
    public var cover: Double
    /// The split's loss reduction (0 for leaves): importance by gain.
    public var gain: Double
    /// Splits tried in order when this node's feature is missing (PMML `CompoundPredicate
    /// booleanOperator="surrogate"`, R's rpart): the first whose feature is present decides, and only when every
    /// one is missing do ``missingGoesLeft`` and ``missing`` apply. Nil for an ordinary split (and omitted from
    /// the model file).
    public var surrogates: [Surrogate]?

    /// A surrogate split: `feature` compared by `rule` (with `threshold` or `categories`, as the node's own
    /// rule compares); a value on which the rule holds goes left when ``ruleGoesLeft``, else right. A missing
    /// value (NaN) passes the decision to the next surrogate.
    public struct Surrogate: Sendable, Equatable, Codable {
        /// Index into ``TreeEnsemble/features``.
        public var feature: Int32
        public var rule: SplitRule
        public var threshold: Double
        /// Category codes on which a ``SplitRule/categoryIn`` rule holds, sorted ascending.
        public var categories: [Int32]
        /// Whether a value on which the rule holds goes to the left child.
        public var ruleGoesLeft: Bool

        public init(feature: Int32, rule: SplitRule, threshold: Double, categories: [Int32] = [], ruleGoesLeft: Bool) {
            self.feature = feature
            self.rule = rule
            self.threshold = threshold
            self.categories = categories
            self.ruleGoesLeft = ruleGoesLeft
        }
    }

    /// How a split compares a present value.
    public enum SplitRule: String, Sendable, Codable {
        /// `x < threshold` goes left (XGBoost, PMML `lessThan`).
        case lessThan
        /// `x <= threshold` goes left (LightGBM, scikit-learn, PMML `lessOrEqual`).
        case lessOrEqual
        /// The category code of `x` in ``categories`` goes left; any other code, or a value that is no code
        /// (``TreeEnsemble/CategoryCodes``), goes right.
        case categoryIn
    }

    /// Which values a node treats as missing.
    public enum MissingPolicy: String, Sendable, Codable {
        /// NaN is missing (XGBoost; LightGBM `missing_type` NaN).
        case nan
        /// NaN is read as 0 and compared (LightGBM `missing_type` None).
        case nanAsZero
        /// NaN is read as 0, and 0 (|x| ≤ 1e-35) is missing (LightGBM `missing_type` Zero).
        case zeroOrNaN
        /// NaN is missing and the row has no prediction (PMML `missingValueStrategy="nullPrediction"`, or a
        /// missing value leaving no true child under `returnNullPrediction`): the ensemble's margin and
        /// score are NaN. ``TreeNode/missingGoesLeft`` still names a side, for walks that need a leaf.
        case nanHasNoPrediction
    }

    /// A leaf holding `value`.
    public static func leaf(value: Double, cover: Double = 0) -> TreeNode {
        TreeNode(feature: -1, rule: .lessThan, threshold: 0, categories: [], left: -1, right: -1,
                 missingGoesLeft: true, missing: .nan, value: value, cover: cover, gain: 0)
    }

    public init(feature: Int32, rule: SplitRule, threshold: Double, categories: [Int32] = [], left: Int32, right: Int32,
                missingGoesLeft: Bool, missing: MissingPolicy = .nan, value: Double = 0, cover: Double = 0, gain: Double = 0,
                surrogates: [Surrogate]? = nil) {
        self.feature = feature
        self.rule = rule
        self.threshold = threshold
        self.categories = categories
        self.left = left
        self.right = right
        self.missingGoesLeft = missingGoesLeft
        self.missing = missing
        self.value = value
        self.cover = cover
        self.gain = gain
        self.surrogates = surrogates
    }

    /// Whether the node is a leaf.
    public var isLeaf: Bool { feature < 0 }
}
