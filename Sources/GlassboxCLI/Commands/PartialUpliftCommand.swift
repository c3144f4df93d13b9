import ArgumentParser
import GlassboxModels

struct PartialUpliftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uplift",
        abstract: "Partial sums of an uplift fit's pass over one partition's rows (a CSV with a header; --data - reads stdin).",
        discussion: """
        The state (written by 'glassbox merge uplift') says which pass to compute: the treatment arms and \
        levels of the experiment rows, or the pass each component model still running asks for over \
        its rows (and the x-learner's effect sums). The partial is written to stdout (or --out) and merged, with the other partitions' \
        partials, by 'glassbox merge uplift'.
        """
    )

    @OptionGroup var options: PartialFitOptions

    func run() throws {
        try DistributedFit.runPartial(UpliftFitState.self, options)
    }
}
