use ram_cr::Action;

// A constant requires a known Action: a misspelt one fails the build.
const PULL: Action = Action::from_literal("cr:PullRepo");

fn main() {
    let _ = PULL;
}
