fn main() {
    slipcheck_app::start();
}
