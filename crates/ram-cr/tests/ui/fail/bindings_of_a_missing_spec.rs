mod zoo {
    ram_macros::bindings!("specs/no-such-spec.json");
}

fn main() {}
