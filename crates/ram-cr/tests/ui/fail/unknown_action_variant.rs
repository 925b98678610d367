fn main() {
    let _ = ram_cr::Action::PullRepo;
}
