use ram_cr::Action;

// A literal that shares nothing with a known Action past `cr:` gets no suggestion, and the
// message still names it.
const ODD: Action = Action::from_literal("cr:Zzz");

fn main() {
    let _ = ODD;
}
